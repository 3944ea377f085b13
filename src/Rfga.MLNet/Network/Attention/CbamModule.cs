using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Convolutional Block Attention Module (Woo et al., ECCV 2018) placed where RFGA sits (PAPER.md §7). Channel
/// gate: M_c = σ(MLP(GAP(X)) + MLP(GMP(X))) with a shared MLP C → C/r → C (ReLU, biases), X′ = X ⊙ M_c.
/// Spatial gate: M_s = σ(BN(conv7×7([mean_c X′; max_c X′]))), padding 3, no conv bias; X̂ = X′ ⊙ M_s.
/// Input and output [B, C, H, W].
/// </summary>
/// <remarks>
/// Parameters: 2·C·C/r + C/r + C (MLP) + 2·7·7 (conv) + 2 (BN γ, β); 526,564 for C = 2048, r = 16. PyTorch default
/// initialisation. Field names are the state-dict keys: fc1, fc2 (Linear), conv (Conv2d(2, 1, 7)), bn (BatchNorm2d(1)).
/// </remarks>
public sealed class CbamModule : WsolAttention
{
    /// <summary>The reduction ratio r of the channel MLP (Woo et al. 2018, their default).</summary>
    public static readonly int DefaultReduction = 16;

    /// <summary>The spatial gate's kernel size (Woo et al. 2018: 7×7, padding 3).</summary>
    public static readonly int SpatialKernelSize = 7;

    /// <summary>The spatial gate's BatchNorm momentum (the CBAM reference implementation's BasicConv: 0.01).</summary>
    public static readonly double SpatialBatchNormMomentum = 0.01;

    /// <summary>The spatial gate's BatchNorm ε (the CBAM reference implementation's BasicConv: 1e-5).</summary>
    public static readonly double SpatialBatchNormEpsilon = 1e-5;

    private readonly Linear fc1, fc2;
    private readonly Conv2d conv;
    private readonly WsolBatchNorm bn;

    /// <summary>Creates the module for <paramref name="channels"/> input channels.</summary>
    /// <param name="channels">C, the feature channels (≥ 1).</param>
    /// <param name="reduction">r, the reduction ratio (≥ 1); the hidden width is max(1, ⌊C / r⌋).</param>
    public CbamModule(long channels, int reduction = 16) : base(nameof(CbamModule), channels)
    {
        if (reduction < 1) throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "allowed: ≥ 1");
        Hidden = Math.Max(1, channels / reduction);
        fc1 = nn.Linear(channels, Hidden, hasBias: true);
        fc2 = nn.Linear(Hidden, channels, hasBias: true);
        conv = nn.Conv2d(2, 1, SpatialKernelSize, padding: (SpatialKernelSize - 1) / 2, bias: false);
        bn = new WsolBatchNorm(1, eps: SpatialBatchNormEpsilon, momentum: SpatialBatchNormMomentum);
        RegisterComponents();
    }

    /// <summary>C/r, the width of the channel MLP's hidden layer.</summary>
    public long Hidden { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var (_, _, y) = Gates(x);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public override AttentionTrace Trace(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var (mc, ms, y) = Gates(x);
        var m = mc * ms;                                                      // [B, C, H, W]
        return new AttentionTrace(x.alias(), y, m, mc, null, null).MoveToOuterDisposeScope();
    }

    /// <summary>M_c [B, C, 1, 1], M_s [B, 1, H, W] and X̂.</summary>
    private (Tensor Mc, Tensor Ms, Tensor Y) Gates(Tensor x)
    {
        var avg = Mlp(x.mean([2, 3]));
        var max = Mlp(x.amax([2, 3]));
        var mc = avg.add_(max).sigmoid_().view(x.shape[0], Channels, 1, 1);
        var refined = x * mc;                                                 // X′
        var pooled = cat([refined.mean([1], keepdim: true), refined.amax([1], keepdim: true)], 1);   // [B, 2, H, W]
        var ms = bn.call(conv.call(pooled)).sigmoid_();
        return (mc, ms, refined * ms);   // not in place: amax saved X′ for its backward
    }

    private Tensor Mlp(Tensor v) => fc2.call(fc1.call(v).relu_());

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            fc2.Dispose();
            conv.Dispose();
            bn.Dispose();
        }
        base.Dispose(disposing);
    }
}
