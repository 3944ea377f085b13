using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Efficient Channel Attention (Wang et al., CVPR 2020) placed where RFGA sits (PAPER.md §7):
/// s = σ(conv1d_k(GAP(X))) along the channel axis, zero padding (k−1)/2, no bias, no BN; X̂ = X ⊙ s.
/// It is RFGA's c-branch without BN and the outer sigmoid. Input and output [B, C, H, W].
/// </summary>
/// <remarks>Parameters: k. PyTorch default initialisation. Field name = state-dict key: conv (Conv1d(1, 1, k)).</remarks>
public sealed class EcaModule : WsolAttention
{
    /// <summary>γ of ECA's adaptive kernel rule (Wang et al. 2020, Eq. 12).</summary>
    public static readonly double AdaptiveGamma = 2;

    /// <summary>b of ECA's adaptive kernel rule (Wang et al. 2020, Eq. 12).</summary>
    public static readonly double AdaptiveOffset = 1;

    private readonly Conv1d conv;

    /// <summary>Creates the module for <paramref name="channels"/> input channels.</summary>
    /// <param name="channels">C, the feature channels (≥ 1).</param>
    /// <param name="kernelSize">k, odd, ≥ 1 (PAPER.md: 3; <see cref="AdaptiveKernelSize"/> gives ECA's own rule).</param>
    public EcaModule(long channels, int kernelSize = 3) : base(nameof(EcaModule), channels)
    {
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "allowed: odd and ≥ 1");
        KernelSize = kernelSize;
        conv = nn.Conv1d(1, 1, kernelSize, padding: (kernelSize - 1) / 2, bias: false);
        RegisterComponents();
    }

    /// <summary>k, the kernel size.</summary>
    public int KernelSize { get; }

    /// <summary>
    /// ECA's adaptive kernel size: t = ⌊|log₂(C) + b| / γ⌋ with γ = 2, b = 1, then k = t if t is odd, else t + 1
    /// (the reference implementation's rounding): 7 for C = 2048, 5 for C = 512 or 128, 3 for C ≤ 31.
    /// </summary>
    /// <param name="channels">C (≥ 1).</param>
    public static int AdaptiveKernelSize(long channels)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "allowed: ≥ 1");
        int t = (int)(Math.Abs(Math.Log2(channels) + AdaptiveOffset) / AdaptiveGamma);
        return t % 2 == 1 ? t : t + 1;
    }

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
    private Tensor Gate(Tensor x) =>
        ChannelConvolution.CrossCorrelate(x.mean([2, 3], keepdim: true), conv.weight!).sigmoid_();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) conv.Dispose();
        base.Dispose(disposing);
    }
}
