using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Residual Fine-Grained Attention (PAPER.md §2). Input X [B, C, H, W] (after the backbone's last ReLU);
/// output X̂ = X ⊙ M (non-residual) or X + X ⊙ M (residual), same shape, where
/// M = σ(z_h + z_w + z_c) and z_v = σ(BN_v(conv1d_v(AvgPool_v(X)))).
/// </summary>
/// <remarks>
/// Each view's 1-D convolution slides one k-tap kernel along the channel axis (ECA style, PAPER.md §2.4a),
/// zero padding (k−1)/2, no bias; it is evaluated as k shifted multiply-adds, the same cross-correlation
/// as conv1d and faster on CPU (notes/performance.md finding 6). Field names are the state-dict keys.
/// </remarks>
public sealed class RfgaModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv1d? conv_c, conv_h, conv_w;
    private readonly BatchNorm2d? bn_c, bn_h, bn_w;
    private readonly long channels;
    private readonly int kernelSize;

    /// <summary>Creates the module for <paramref name="channels"/> input channels.</summary>
    /// <param name="channels">C, the feature channels (≥ 1).</param>
    /// <param name="residual">True for X + X ⊙ M (RFGA w/ R), false for X ⊙ M (w/o R).</param>
    /// <param name="views">Non-empty subset of the three views.</param>
    /// <param name="kernelSize">k, odd, ≥ 1 (paper: 3).</param>
    /// <param name="singleSample">Behaviour of a training-mode BatchNorm that sees one value per channel.</param>
    public RfgaModule(long channels, bool residual = true, RfgaViews views = RfgaViews.All, int kernelSize = 3,
        SingleSampleBatchNorm singleSample = SingleSampleBatchNorm.Error) : base(nameof(RfgaModule))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be ≥ 1");
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "must be odd and ≥ 1");
        if ((views & RfgaViews.All) == 0 || (views & ~RfgaViews.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(views), views, "must be a non-empty combination of Channel, Height, Width");
        this.channels = channels;
        this.kernelSize = kernelSize;
        Residual = residual;
        Views = views;
        SingleSample = singleSample;
        if (views.HasFlag(RfgaViews.Height)) { conv_h = ChannelConv(kernelSize); bn_h = nn.BatchNorm2d(channels); }
        if (views.HasFlag(RfgaViews.Width)) { conv_w = ChannelConv(kernelSize); bn_w = nn.BatchNorm2d(channels); }
        if (views.HasFlag(RfgaViews.Channel)) { conv_c = ChannelConv(kernelSize); bn_c = nn.BatchNorm2d(channels); }
        RegisterComponents();
    }

    /// <summary>True for the residual form X + X ⊙ M.</summary>
    public bool Residual { get; }

    /// <summary>The views combined into M.</summary>
    public RfgaViews Views { get; }

    /// <summary>Behaviour of a training-mode BatchNorm that sees one value per channel.</summary>
    public SingleSampleBatchNorm SingleSample { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var m = AttentionMap(x);
        var y = Residual ? x + x * m : x * m;
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>The attention tensor M [B, C, H, W] for input X [B, C, H, W] (Eq. 7).</summary>
    public Tensor AttentionMap(Tensor x)
    {
        if (x.dim() != 4 || x.shape[1] != channels)
            throw new ArgumentException($"RFGA expects [B, {channels}, H, W]; got [{string.Join(", ", x.shape)}].", nameof(x));
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        // Summed in the order h, w, c for reproducible floats (PAPER.md §2.1 decision).
        if (conv_h is not null) sum = Branch(x.mean([3], keepdim: true), conv_h, bn_h!, "height");
        if (conv_w is not null)
        {
            var zw = Branch(x.mean([2], keepdim: true), conv_w, bn_w!, "width");
            sum = sum is null ? zw : sum + zw;
        }
        if (conv_c is not null)
        {
            var zc = Branch(x.mean([2, 3], keepdim: true), conv_c, bn_c!, "channel");
            sum = sum is null ? zc : sum + zc;
        }
        // Broadcast to the full [B, C, H, W] shape even when only one view is present.
        var m = sum!.expand(x.shape).sigmoid();
        return m.MoveToOuterDisposeScope();
    }

    /// <summary>The per-view attention vectors z_v = σ(BN(conv(pool_v(X)))) (for figures): null where the view is off.</summary>
    public (Tensor? Zc, Tensor? Zh, Tensor? Zw) ViewAttention(Tensor x)
    {
        using var scope = NewDisposeScope();
        var zh = conv_h is null ? null : Branch(x.mean([3], keepdim: true), conv_h, bn_h!, "height").MoveToOuterDisposeScope();
        var zw = conv_w is null ? null : Branch(x.mean([2], keepdim: true), conv_w, bn_w!, "width").MoveToOuterDisposeScope();
        var zc = conv_c is null ? null : Branch(x.mean([2, 3], keepdim: true), conv_c, bn_c!, "channel").MoveToOuterDisposeScope();
        return (zc, zh, zw);
    }

    private Tensor Branch(Tensor pooled, Conv1d conv, BatchNorm2d bn, string name)
    {
        var u = ChannelCrossCorrelation(pooled, conv.weight!);
        long valuesPerChannel = u.numel() / channels;
        Tensor normed;
        if (training && valuesPerChannel == 1)
        {
            if (SingleSample == SingleSampleBatchNorm.Error)
                throw new InvalidOperationException(
                    $"RFGA {name} branch: a training batch of {pooled.shape[0]} gives BatchNorm one value per channel, " +
                    "so its variance is undefined. Use a batch of at least 2 or SingleSampleBatchNorm.UseRunningStats.");
            normed = nn.functional.batch_norm(u, bn.running_mean, bn.running_var, bn.weight, bn.bias,
                training: false, momentum: 0.1, eps: 1e-5);
        }
        else
        {
            normed = bn.forward(u);
        }
        return normed.sigmoid();
    }

    /// <summary>
    /// u[b, c, a, d] = Σ_j w[0, 0, j] · v[b, c + j − p, a, d], channels outside [0, C) are zero:
    /// PyTorch's conv1d cross-correlation along the channel axis, with p = (k − 1) / 2.
    /// </summary>
    private Tensor ChannelCrossCorrelation(Tensor v, Tensor weight)
    {
        int p = (kernelSize - 1) / 2;
        var padded = p == 0 ? v : nn.functional.pad(v, [0, 0, 0, 0, p, p]);
        Tensor? acc = null;
        for (int j = 0; j < kernelSize; j++)
        {
            var term = padded.narrow(1, j, channels) * weight[0, 0, j];
            acc = acc is null ? term : acc + term;
        }
        return acc!;
    }

    private static Conv1d ChannelConv(int k) => nn.Conv1d(1, 1, k, padding: (k - 1) / 2, bias: false);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv_c?.Dispose(); conv_h?.Dispose(); conv_w?.Dispose();
            bn_c?.Dispose(); bn_h?.Dispose(); bn_w?.Dispose();
        }
        base.Dispose(disposing);
    }
}
