using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Training;

/// <summary>
/// Stochastic gradient descent with momentum and L2 weight decay, PyTorch's <c>torch.optim.SGD</c> update
/// (no dampening, no Nesterov): d = g + λ·p; b = d on the first step, else b = μ·b + d; p = p − lr·b.
/// </summary>
/// <remarks>
/// Written here rather than using TorchSharp's SGD so the momentum state can be checkpointed exactly and so no
/// per-parameter <c>double → Scalar</c> conversions are left to the finalizer (notes/performance.md finding 1).
/// </remarks>
public sealed class SgdOptimizer : IDisposable
{
    private readonly Parameter[] parameters;
    private readonly Tensor?[] momentumBuffers;
    private readonly Scalar momentum, weightDecay;
    private Scalar negativeLearningRate;
    private double learningRate;

    /// <summary>Creates the optimizer over <paramref name="parameters"/> (those without <c>requires_grad</c> are skipped).</summary>
    public SgdOptimizer(IEnumerable<Parameter> parameters, double learningRate, double momentum, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters.Where(p => p.requires_grad).ToArray();
        momentumBuffers = new Tensor?[this.parameters.Length];
        Momentum = momentum;
        WeightDecay = weightDecay;
        this.momentum = momentum.ToScalar();
        this.weightDecay = weightDecay.ToScalar();
        this.learningRate = learningRate;
        negativeLearningRate = (-learningRate).ToScalar();
    }

    /// <summary>μ, the momentum factor.</summary>
    public double Momentum { get; }

    /// <summary>λ, the L2 weight decay.</summary>
    public double WeightDecay { get; }

    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            if (value == learningRate) return;
            learningRate = value;
            negativeLearningRate.Dispose();
            negativeLearningRate = (-value).ToScalar();
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in parameters) p.grad?.zero_();
    }

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var g = p.grad;
            if (g is null) continue;
            var d = WeightDecay != 0 ? g.add(p, weightDecay) : g;
            if (Momentum != 0)
            {
                if (momentumBuffers[i] is null)
                    momentumBuffers[i] = d.clone().DetachFromDisposeScope();
                else
                    momentumBuffers[i]!.mul_(momentum).add_(d);
                d = momentumBuffers[i]!;
            }
            p.add_(d, negativeLearningRate);
        }
    }

    // *** Binary format ***
    // int: parameter count n
    // n × { bool: has buffer; if so: long numel, numel × float32 }
    /// <summary>Writes the momentum buffers (for checkpoints).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(parameters.Length);
        foreach (var buffer in momentumBuffers)
        {
            writer.Write(buffer is not null);
            if (buffer is null) continue;
            using var cpu = buffer.cpu();
            var values = cpu.data<float>().ToArray();
            writer.Write((long)values.Length);
            foreach (var v in values) writer.Write(v);
        }
    }

    /// <summary>Restores momentum buffers written by <see cref="Save"/> for the same parameters.</summary>
    public void Load(BinaryReader reader)
    {
        int n = reader.ReadInt32();
        if (n != parameters.Length)
            throw new InvalidDataException($"the optimizer state holds {n} parameters; this network has {parameters.Length}.");
        for (int i = 0; i < n; i++)
        {
            momentumBuffers[i]?.Dispose();
            momentumBuffers[i] = null;
            if (!reader.ReadBoolean()) continue;
            long count = reader.ReadInt64();
            if (count != parameters[i].numel())
                throw new InvalidDataException($"momentum buffer {i} has {count} values; the parameter has {parameters[i].numel()}.");
            var values = new float[count];
            for (long j = 0; j < count; j++) values[j] = reader.ReadSingle();
            using var host = tensor(values, parameters[i].shape);
            momentumBuffers[i] = host.to(parameters[i].device).DetachFromDisposeScope();
        }
    }

    /// <summary>Releases the momentum buffers and cached scalars.</summary>
    public void Dispose()
    {
        foreach (var b in momentumBuffers) b?.Dispose();
        momentum.Dispose();
        weightDecay.Dispose();
        negativeLearningRate.Dispose();
    }
}
