using System;

namespace Rfga.MLNet.Network;

/// <summary>Everything needed to rebuild a <see cref="WsolNetwork"/> before loading its weights.</summary>
/// <param name="ClassCount">K, the number of classes (≥ 2).</param>
/// <param name="Backbone">The feature extractor.</param>
/// <param name="Attention">The module between features and head.</param>
/// <param name="Views">RFGA views (ignored unless <paramref name="Attention"/> is an RFGA kind).</param>
/// <param name="KernelSize">k of the channel-axis 1-D convolutions of RFGA and ECA (odd; paper: 3); see <paramref name="KernelSizeRule"/>.</param>
/// <param name="HwConvAxis">Axis of RFGA's h/w convolutions (PAPER.md §2.4a; default the channel axis).</param>
/// <param name="SpatialMixing">Channel mixing of RFGA's h/w convolutions with <see cref="Network.HwConvAxis.Spatial"/>.</param>
/// <param name="SingleSample">What RFGA does when a training batch gives a BatchNorm one value per channel (PAPER.md §2.4b).</param>
/// <param name="KernelSizeRule">Whether RFGA and ECA use <paramref name="KernelSize"/> or ECA's adaptive rule of C.</param>
/// <param name="Method">The training-time WSOL method (PAPER.md §7); plain CAM training by default.</param>
/// <param name="HaS">Hide-and-Seek settings (used with <see cref="WsolMethod.HaS"/>); null = defaults.</param>
/// <param name="Adl">ADL settings (used with <see cref="WsolMethod.Adl"/>); null = defaults.</param>
/// <param name="Acol">ACoL settings (used with <see cref="WsolMethod.Acol"/>); null = defaults.</param>
/// <param name="CutMix">CutMix settings (used with <see cref="WsolMethod.CutMix"/>); null = defaults.</param>
public sealed record WsolNetworkSpec(
    int ClassCount,
    BackboneKind Backbone = BackboneKind.Tiny,
    AttentionKind Attention = AttentionKind.RfgaResidual,
    RfgaViews Views = RfgaViews.All,
    int KernelSize = 3,
    HwConvAxis HwConvAxis = HwConvAxis.Channel,
    SpatialMixing SpatialMixing = SpatialMixing.Dense,
    SingleSampleBatchNorm SingleSample = SingleSampleBatchNorm.Error,
    KernelSizeRule KernelSizeRule = KernelSizeRule.Fixed,
    WsolMethod Method = WsolMethod.Cam,
    HasOptions? HaS = null,
    AdlOptions? Adl = null,
    AcolOptions? Acol = null,
    CutMixOptions? CutMix = null)
{
    /// <summary>Hide-and-Seek settings (defaults when constructed with null).</summary>
    public HasOptions HaS { get; init; } = HaS ?? new();

    /// <summary>ADL settings (defaults when constructed with null).</summary>
    public AdlOptions Adl { get; init; } = Adl ?? new();

    /// <summary>ACoL settings (defaults when constructed with null).</summary>
    public AcolOptions Acol { get; init; } = Acol ?? new();

    /// <summary>CutMix settings (defaults when constructed with null).</summary>
    public CutMixOptions CutMix { get; init; } = CutMix ?? new();

    /// <summary>Throws if a field is out of range, naming it.</summary>
    public void Validate()
    {
        if (ClassCount < 2) throw new ArgumentOutOfRangeException(nameof(ClassCount), ClassCount, "need at least 2 classes");
        if (!Enum.IsDefined(Backbone)) throw new ArgumentOutOfRangeException(nameof(Backbone), Backbone, "unknown backbone");
        if (!Enum.IsDefined(Attention)) throw new ArgumentOutOfRangeException(nameof(Attention), Attention, "unknown attention kind");
        if ((Views & RfgaViews.All) == 0 || (Views & ~RfgaViews.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(Views), Views, "must be a non-empty combination of Channel, Height, Width");
        if (KernelSize < 1 || KernelSize % 2 == 0) throw new ArgumentOutOfRangeException(nameof(KernelSize), KernelSize, "must be odd and ≥ 1");
        if (!Enum.IsDefined(HwConvAxis)) throw new ArgumentOutOfRangeException(nameof(HwConvAxis), HwConvAxis, "allowed: Channel, Spatial");
        if (!Enum.IsDefined(SpatialMixing)) throw new ArgumentOutOfRangeException(nameof(SpatialMixing), SpatialMixing, "allowed: Dense, Depthwise, Shared");
        if (!Enum.IsDefined(SingleSample)) throw new ArgumentOutOfRangeException(nameof(SingleSample), SingleSample, "allowed: Error, UseRunningStats");
        if (!Enum.IsDefined(KernelSizeRule)) throw new ArgumentOutOfRangeException(nameof(KernelSizeRule), KernelSizeRule, "allowed: Fixed, EcaAdaptive");
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "allowed: Cam, HaS, Acol, Adl, CutMix");
        (HaS ?? throw new ArgumentNullException(nameof(HaS))).Validate();
        (Adl ?? throw new ArgumentNullException(nameof(Adl))).Validate();
        (Acol ?? throw new ArgumentNullException(nameof(Acol))).Validate();
        (CutMix ?? throw new ArgumentNullException(nameof(CutMix))).Validate();
    }

    /// <summary>The kernel size RFGA and ECA use on <paramref name="channels"/> channels under <see cref="KernelSizeRule"/>.</summary>
    /// <param name="channels">C, the backbone's output channels.</param>
    public int EffectiveKernelSize(long channels) =>
        KernelSizeRule == KernelSizeRule.EcaAdaptive ? EcaModule.AdaptiveKernelSize(channels) : KernelSize;
}
