using System;

namespace Rfga.MLNet.Network;

/// <summary>
/// The one place that turns <see cref="BackboneKind"/> and <see cref="AttentionKind"/> into modules, and
/// <see cref="WsolMethod"/> into its hooks.
/// </summary>
internal static class NetworkFactory
{
    /// <summary>A freshly initialised backbone of the given kind (layer4 at stride 1 for ResNets).</summary>
    public static WsolBackbone CreateBackbone(BackboneKind kind) => kind switch
    {
        BackboneKind.Tiny => new TinyBackbone(),
        BackboneKind.ResNet50 => ResNetBackbone.ResNet50(),
        BackboneKind.ResNet18 => ResNetBackbone.ResNet18(),
        BackboneKind.ResNet18Cntk => ResNetBackbone.ResNet18Cntk(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "allowed: Tiny, ResNet50, ResNet18, ResNet18Cntk"),
    };

    /// <summary>The attention module of <paramref name="spec"/> on <paramref name="channels"/> channels, or null for none.</summary>
    public static WsolAttention? CreateAttention(WsolNetworkSpec spec, long channels)
    {
        int k = spec.EffectiveKernelSize(channels);
        return spec.Attention switch
        {
            AttentionKind.None => null,
            AttentionKind.RfgaResidual => new RfgaModule(channels, residual: true, spec.Views, k, spec.SingleSample, spec.HwConvAxis, spec.SpatialMixing),
            AttentionKind.RfgaNonResidual => new RfgaModule(channels, residual: false, spec.Views, k, spec.SingleSample, spec.HwConvAxis, spec.SpatialMixing),
            AttentionKind.Se => new SeModule(channels, SeModule.DefaultReduction),
            AttentionKind.Cbam => new CbamModule(channels, CbamModule.DefaultReduction),
            AttentionKind.Eca => new EcaModule(channels, k),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Attention, "allowed: None, RfgaResidual, RfgaNonResidual, Se, Cbam, Eca"),
        };
    }

    /// <summary>The training-time method of <paramref name="spec"/> with its options (one file each in Network/Methods/).</summary>
    public static IWsolMethod CreateMethod(WsolNetworkSpec spec) => spec.Method switch
    {
        WsolMethod.Cam => new PlainCam(),
        WsolMethod.HaS => new HideAndSeek(spec.HaS),
        WsolMethod.Acol => new Acol(spec.Acol),
        WsolMethod.Adl => new Adl(spec.Adl),
        WsolMethod.CutMix => new CutMix(spec.CutMix),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Method, "allowed: Cam, HaS, Acol, Adl, CutMix"),
    };
}
