using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// Residual Fine-Grained Attention (PAPER.md §2). Input X [B, C, H, W] (after the backbone's last ReLU);
/// output X̂ = X ⊙ M (non-residual) or X + X ⊙ M (residual), same shape, where
/// M = σ((z_h + z_w) + z_c) and z_v = σ(BN_v(conv1d_v(AvgPool_v(X)))). Any non-empty subset of the three
/// views can be switched on (Table 3); a view that is off has no parameters and contributes no term.
/// </summary>
/// <remarks>
/// <para>
/// The c-branch's 1-D convolution slides one k-tap kernel along the channel axis (ECA style), zero padding
/// (k−1)/2, no bias. The h and w branches do the same by default (<see cref="HwConvAxis.Channel"/>, one kernel
/// shared over rows or columns) or slide along the spatial axis (<see cref="HwConvAxis.Spatial"/>, with
/// <see cref="SpatialMixing"/>). Channel-axis convolutions run as k shifted multiply-adds (notes/performance.md
/// finding 6). Each branch has its own BatchNorm2d(C) (PyTorch defaults: ε = 1e-5, momentum 0.1).
/// </para>
/// <para>
/// Parameters (PAPER.md §2.3), per view: k + 2C learnable (Channel axis or Spatial/Shared), C²k + 2C (Spatial/Dense)
/// or Ck + 2C (Spatial/Depthwise) for h and w; plus 2C BatchNorm buffers (running mean and variance) and
/// num_batches_tracked. Field names are the state-dict keys: conv_c, bn_c, conv_h, bn_h, conv_w, bn_w.
/// </para>
/// </remarks>
public sealed class RfgaModule : WsolAttention
{
    /// <summary>BatchNorm ε (PyTorch default; the paper gives none, PAPER.md §2.4b).</summary>
    public static readonly double BatchNormEpsilon = 1e-5;

    /// <summary>BatchNorm running-statistics momentum (PyTorch default, PAPER.md §2.4b).</summary>
    public static readonly double BatchNormMomentum = 0.1;

    private readonly Conv1d? conv_c, conv_h, conv_w;
    private readonly WsolBatchNorm? bn_c, bn_h, bn_w;

    /// <summary>Creates the module for <paramref name="channels"/> input channels.</summary>
    /// <param name="channels">C, the feature channels (≥ 1).</param>
    /// <param name="residual">True for X + X ⊙ M (RFGA w/ R), false for X ⊙ M (w/o R).</param>
    /// <param name="views">Non-empty subset of the three views.</param>
    /// <param name="kernelSize">k, odd, ≥ 1 (paper: 3).</param>
    /// <param name="singleSample">Behaviour of a training-mode BatchNorm that sees one value per channel.</param>
    /// <param name="hwConvAxis">Axis of the h/w branches' convolutions (default: channel axis).</param>
    /// <param name="spatialMixing">Channel mixing of the h/w convolutions; used only with <see cref="HwConvAxis.Spatial"/>.</param>
    public RfgaModule(long channels, bool residual = true, RfgaViews views = RfgaViews.All, int kernelSize = 3,
        SingleSampleBatchNorm singleSample = SingleSampleBatchNorm.Error, HwConvAxis hwConvAxis = HwConvAxis.Channel,
        SpatialMixing spatialMixing = SpatialMixing.Dense) : base(nameof(RfgaModule), channels)
    {
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), kernelSize, "allowed: odd and ≥ 1");
        if ((views & RfgaViews.All) == 0 || (views & ~RfgaViews.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(views), views, "allowed: a non-empty combination of Channel, Height, Width");
        if (!Enum.IsDefined(singleSample))
            throw new ArgumentOutOfRangeException(nameof(singleSample), singleSample, "allowed: Error, UseRunningStats");
        if (!Enum.IsDefined(hwConvAxis))
            throw new ArgumentOutOfRangeException(nameof(hwConvAxis), hwConvAxis, "allowed: Channel, Spatial");
        if (!Enum.IsDefined(spatialMixing))
            throw new ArgumentOutOfRangeException(nameof(spatialMixing), spatialMixing, "allowed: Dense, Depthwise, Shared");
        KernelSize = kernelSize;
        Residual = residual;
        Views = views;
        SingleSample = singleSample;
        HwConvAxis = hwConvAxis;
        SpatialMixing = spatialMixing;
        if (views.HasFlag(RfgaViews.Height)) { conv_h = HwConv(); bn_h = Norm(); }
        if (views.HasFlag(RfgaViews.Width)) { conv_w = HwConv(); bn_w = Norm(); }
        if (views.HasFlag(RfgaViews.Channel)) { conv_c = ChannelConv(); bn_c = Norm(); }
        RegisterComponents();
    }

    /// <summary>True for the residual form X + X ⊙ M.</summary>
    public bool Residual { get; }

    /// <summary>The views combined into M.</summary>
    public RfgaViews Views { get; }

    /// <summary>k, the kernel size of every branch's 1-D convolution.</summary>
    public int KernelSize { get; }

    /// <summary>Behaviour of a training-mode BatchNorm that sees one value per channel.</summary>
    public SingleSampleBatchNorm SingleSample { get; }

    /// <summary>Axis of the h/w branches' convolutions.</summary>
    public HwConvAxis HwConvAxis { get; }

    /// <summary>Channel mixing of the h/w convolutions (only meaningful with <see cref="HwConvAxis.Spatial"/>).</summary>
    public SpatialMixing SpatialMixing { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var (zc, zh, zw) = Descriptors(x);
        var m = AttentionFromViews(zc, zh, zw, MemoryLayout.IsChannelsLast(x)); // broadcastable to X, X's layout
        var y = Recalibrate(x, m);
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>The attention tensor M [B, C, H, W] for input X [B, C, H, W] (Eq. 7).</summary>
    /// <param name="x">The feature map X [B, C, H, W].</param>
    public Tensor AttentionMap(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var (zc, zh, zw) = Descriptors(x);
        var m = AttentionFromViews(zc, zh, zw, channelsLast: false).expand(x.shape).contiguous();
        return m.MoveToOuterDisposeScope();
    }

    /// <summary>The per-view attention vectors z_v = σ(BN(conv(pool_v(X)))) (for figures): null where the view is off.</summary>
    /// <param name="x">The feature map X [B, C, H, W].</param>
    public (Tensor? Zc, Tensor? Zh, Tensor? Zw) ViewAttention(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var (zc, zh, zw) = Descriptors(x);
        return (zc?.MoveToOuterDisposeScope(), zh?.MoveToOuterDisposeScope(), zw?.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    public override AttentionTrace Trace(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var (zc, zh, zw) = Descriptors(x);
        var m = AttentionFromViews(zc, zh, zw, channelsLast: false).expand(x.shape).contiguous();
        var y = Recalibrate(x, m);
        return new AttentionTrace(x.alias(), y, m, zc, zh, zw).MoveToOuterDisposeScope();
    }

    /// <summary>Eq. 8: X ⊙ M, or X + X ⊙ M fused into one addcmul.</summary>
    private Tensor Recalibrate(Tensor x, Tensor m) => Residual ? x.addcmul(x, m, ChannelConvolution.One) : x * m;

    /// <summary>Eqs. 1–6: pooled descriptors through conv → BN → σ; null where a view is off.</summary>
    private (Tensor? Zc, Tensor? Zh, Tensor? Zw) Descriptors(Tensor x)
    {
        Tensor? zc = null, zh = null, zw = null, h = null, w = null;
        // On channels-last X, libtorch's mean over W or H of the [B, C, H, W] view is ~20× slower than over the
        // [B, H, W, C] view, where C is innermost; the descriptors are small, so they are made NCHW-contiguous.
        Tensor? nhwc = MemoryLayout.IsChannelsLast(x) ? x.permute(0, 2, 3, 1) : null;
        if (conv_h is not null)
        {
            h = nhwc is null ? x.mean([3], keepdim: true)                     // [B, C, H, 1], Eq. 2
                : nhwc.mean([2], keepdim: true).permute(0, 3, 1, 2).contiguous();
            zh = Branch(SpatialOrChannelConv(h, conv_h, 2), bn_h!, "height", x.shape[0]);
        }
        if (conv_w is not null)
        {
            w = nhwc is null ? x.mean([2], keepdim: true)                     // [B, C, 1, W], Eq. 3
                : nhwc.mean([1], keepdim: true).permute(0, 3, 1, 2).contiguous();
            zw = Branch(SpatialOrChannelConv(w, conv_w, 3), bn_w!, "width", x.shape[0]);
        }
        if (conv_c is not null)
        {
            // Eq. 1. The mean of the row (column) means equals the mean over H·W, since every row (column) has
            // the same count; reusing them saves a pass over X.
            var c = h is not null ? h.mean([2], keepdim: true)
                : w is not null ? w.mean([3], keepdim: true)
                : nhwc is null ? x.mean([2, 3], keepdim: true)                // [B, C, 1, 1]
                : nhwc.mean([1, 2], keepdim: true).permute(0, 3, 1, 2).contiguous();
            zc = Branch(ChannelConvolution.CrossCorrelate(c, conv_c.weight!), bn_c!, "channel", x.shape[0]);
        }
        return (zc, zh, zw);
    }

    /// <summary>
    /// Eq. 7: M = σ((z_h + z_w) + z_c) by broadcasting, summed in that order (PAPER.md §2.1 decision: reproducible floats,
    /// the same bits as a PyTorch implementation that follows it). A faster order, (z_h + z_c) + z_w, saves one
    /// full-size pass but differs by a rounding; at ≈ 1% of the ResNet-50 step the module's share did not justify it.
    /// With <paramref name="channelsLast"/> (X in channels-last strides, WsolNetwork's default on the CPU) the sum is
    /// formed on [B, H, W, C] views, so that M has X's strides: the same sums element by element, and X + X ⊙ M then runs
    /// over matching layouts (mixed layouts cost the ResNet-50 step about 4%).
    /// </summary>
    private static Tensor AttentionFromViews(Tensor? zc, Tensor? zh, Tensor? zw, bool channelsLast)
    {
        if (channelsLast)
        {
            zc = zc?.permute(0, 2, 3, 1);
            zh = zh?.permute(0, 2, 3, 1);
            zw = zw?.permute(0, 2, 3, 1);
        }
        Tensor? sum = zh;
        bool owned = false;   // true once sum is a fresh tensor that may be updated in place
        if (zw is not null)
        {
            owned = sum is not null;
            sum = sum is null ? zw : sum + zw;
        }
        if (zc is not null)
        {
            if (sum is null) sum = zc;
            else if (owned) sum.add_(zc);
            else { sum = sum + zc; owned = true; }
        }
        var m = owned ? sum!.sigmoid_() : sum!.sigmoid();
        return channelsLast ? m.permute(0, 3, 1, 2) : m;
    }

    /// <summary>The 1-D convolution of an h (<paramref name="axis"/> 2) or w (axis 3) descriptor.</summary>
    private Tensor SpatialOrChannelConv(Tensor v, Conv1d conv, long axis)
    {
        if (HwConvAxis == HwConvAxis.Channel) return ChannelConvolution.CrossCorrelate(v, conv.weight!);
        long b = v.shape[0], length = v.shape[axis];
        long other = axis == 2 ? 3 : 2;
        var signal = v.squeeze(other);                                        // [B, C, L]
        var u = SpatialMixing == SpatialMixing.Shared
            ? conv.forward(signal.reshape(b * Channels, 1, length)).view(b, Channels, length)
            : conv.forward(signal);
        return u.unsqueeze(other);
    }

    /// <summary>BN → σ of one branch's conv output u, with the single-value-per-channel policy of PAPER.md §2.4b.</summary>
    private Tensor Branch(Tensor u, WsolBatchNorm bn, string name, long batch)
    {
        long valuesPerChannel = u.numel() / Channels;
        Tensor normed;
        if (training && valuesPerChannel == 1)
        {
            if (SingleSample == SingleSampleBatchNorm.Error)
                throw new InvalidOperationException(
                    $"RFGA {name} branch: a training batch of {batch} gives BatchNorm one value per channel, so its variance " +
                    "is undefined (TorchSharp would write NaN into running_var). Train with a batch of at least 2, or set " +
                    $"{nameof(WsolNetworkSpec)}.{nameof(WsolNetworkSpec.SingleSample)} = " +
                    $"{nameof(SingleSampleBatchNorm)}.{nameof(SingleSampleBatchNorm.UseRunningStats)}.");
            normed = bn.WithRunningStatistics(u);
        }
        else
        {
            normed = bn.forward(u);
        }
        return normed.sigmoid_();
    }

    private Conv1d ChannelConv() => nn.Conv1d(1, 1, KernelSize, padding: (KernelSize - 1) / 2, bias: false);

    private Conv1d HwConv()
    {
        if (HwConvAxis == HwConvAxis.Channel) return ChannelConv();
        long padding = (KernelSize - 1) / 2;
        return SpatialMixing switch
        {
            SpatialMixing.Dense => nn.Conv1d(Channels, Channels, KernelSize, padding: padding, bias: false),
            SpatialMixing.Depthwise => nn.Conv1d(Channels, Channels, KernelSize, padding: padding, groups: Channels, bias: false),
            _ => ChannelConv(),
        };
    }

    private WsolBatchNorm Norm() => new(Channels, eps: BatchNormEpsilon, momentum: BatchNormMomentum);

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
