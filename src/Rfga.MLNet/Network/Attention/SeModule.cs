using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Squeeze-and-Excitation (Hu et al., CVPR 2018) placed where RFGA sits (PAPER.md §7):
/// s = σ(W₂ ReLU(W₁ GAP(X))), W₁: C → C/r, W₂: C/r → C, both with bias; X̂ = X ⊙ s. Input and output [B, C, H, W].
/// </summary>
/// <remarks>
/// Parameters: 2·C·C/r + C/r + C (weights and biases of fc1 and fc2); 526,464 for C = 2048, r = 16. PyTorch
/// default initialisation. Field names are the state-dict keys: fc1, fc2 (Linear).
/// </remarks>
public sealed class SeModule : WsolAttention
{
    /// <summary>The reduction ratio r of the bottleneck MLP (Hu et al. 2018, their default; PAPER.md §7).</summary>
    public static readonly int DefaultReduction = 16;

    private readonly Linear fc1, fc2;

    /// <summary>Creates the module for <paramref name="channels"/> input channels.</summary>
    /// <param name="channels">C, the feature channels (≥ 1).</param>
    /// <param name="reduction">r, the reduction ratio (≥ 1); the hidden width is max(1, ⌊C / r⌋).</param>
    public SeModule(long channels, int reduction = 16) : base(nameof(SeModule), channels)
    {
        if (reduction < 1) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "allowed: ≥ 1");
        Hidden = Math.Max(1, channels / reduction);
        fc1 = nn.Linear(channels, Hidden, hasBias: true);
        fc2 = nn.Linear(Hidden, channels, hasBias: true);
        RegisterComponents();
    }

    /// <summary>C/r, the width of the bottleneck.</summary>
    public long Hidden { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var y = x * Gate(x);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override AttentionTrace Trace(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var s = Gate(x);
        var y = x * s;
        return new AttentionTrace(x.alias(), y, s, s.alias(), null, null).MoveToOuterDisposeScope();
    }

    /// <summary>s [B, C, 1, 1].</summary>
    private Tensor Gate(Tensor x)
    {
        var squeezed = x.mean([2, 3]);                                        // [B, C]
        var s = fc2.call(fc1.call(squeezed).relu_()).sigmoid_();
        return s.view(x.shape[0], Channels, 1, 1);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            fc2.Dispose();
        }
        base.Dispose(disposing);
    }
}
