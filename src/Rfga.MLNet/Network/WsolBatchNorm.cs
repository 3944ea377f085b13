using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// BatchNorm over [N, C, H, W] with torch's semantics and state-dict layout (weight, bias, running_mean, running_var,
/// num_batches_tracked), used by every network in place of TorchSharp's <c>nn.BatchNorm2d</c>.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's BatchNorm counts batches with <c>num_batches_tracked.add_(1)</c>, whose two implicit
/// <see cref="Scalar"/>s nothing keeps alive during the native call: a garbage collection started by another thread can
/// finalize one mid-call, and training then fails at random with "alpha must not be a floating point number" (seen in
/// the test suite under load). Here the count is incremented with scalars held by static fields, and the
/// normalisation itself is <c>functional.batch_norm</c> with plain doubles, exactly what TorchSharp's module calls.
/// Momentum is never 0 here, so the count does not enter the running averages (as in PyTorch with a momentum).
/// </remarks>
public sealed class WsolBatchNorm : nn.Module<Tensor, Tensor>
{
    // Kept alive for the whole process, so no finalizer can free them during a native call.
    private static readonly Scalar One = 1L;

#pragma warning disable IDE1006 // torch's state-dict names
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;
#pragma warning restore IDE1006

    /// <summary>A BatchNorm over <paramref name="features"/> channels with PyTorch's initialisation (weight 1, bias 0, mean 0, variance 1).</summary>
    /// <param name="features">C.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="momentum">Weight of the current batch in the running averages, in (0, 1].</param>
    public WsolBatchNorm(long features, double eps = 1e-5, double momentum = 0.1) : base(nameof(WsolBatchNorm))
    {
        if (features < 1) throw new ArgumentOutOfRangeException(nameof(features), features, "allowed: ≥ 1");
        if (!(eps > 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "allowed: > 0");
        if (!(momentum > 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "allowed: (0, 1]");
        Features = features;
        Eps = eps;
        Momentum = momentum;
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = zeros([], ScalarType.Int64);
        RegisterComponents();
    }

    /// <summary>C, the channels.</summary>
    public long Features { get; }

    /// <summary>Added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Weight of the current batch in the running averages.</summary>
    public double Momentum { get; }

    /// <summary>γ [C] (the module's current tensor: moved with the module).</summary>
    public Parameter Weight => (Parameter)get_parameter(nameof(weight))!;

    /// <summary>β [C].</summary>
    public Parameter Bias => (Parameter)get_parameter(nameof(bias))!;

    /// <summary>Running mean [C].</summary>
    public Tensor RunningMean => get_buffer(nameof(running_mean))!;

    /// <summary>Running (unbiased) variance [C].</summary>
    public Tensor RunningVar => get_buffer(nameof(running_var))!;

    /// <summary>Training batches seen (int64 scalar).</summary>
    public Tensor BatchesTracked => get_buffer(nameof(num_batches_tracked))!;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.Dimensions != 4) throw new ArgumentException($"BatchNorm expects [N, C, H, W]; got [{string.Join(", ", input.shape)}].", nameof(input));
        if (training)
        {
            using var noGrad = no_grad();
            BatchesTracked.add_(One, One);
        }
        return nn.functional.batch_norm(input, RunningMean, RunningVar, Weight, Bias, training, Momentum, Eps);
    }

    /// <summary>
    /// The batch-normalised <paramref name="input"/> with the running statistics, in any mode and without updating them
    /// (RFGA's single-value-per-channel policy, PAPER.md §2.4b).
    /// </summary>
    public Tensor WithRunningStatistics(Tensor input) =>
        nn.functional.batch_norm(input, RunningMean, RunningVar, Weight, Bias, false, Momentum, Eps);
}
