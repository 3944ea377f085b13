using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// The WSOL classifier: backbone → attention (RFGA, or none) → 1×1 conv class-map head (no bias) → global
/// average pooling. Class maps S [B, K, h, w]; logits = GAP(S) [B, K] (PAPER.md §3).
/// </summary>
public sealed class WsolNetwork : nn.Module<Tensor, WsolOutput>
{
    private readonly WsolBackbone backbone;
    private readonly nn.Module<Tensor, Tensor>? attention;
    private readonly Conv2d classifier;

    /// <summary>Builds the network described by <paramref name="spec"/>, initialised from torch's global RNG.</summary>
    public WsolNetwork(WsolNetworkSpec spec) : base(nameof(WsolNetwork))
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        backbone = spec.Backbone switch
        {
            BackboneKind.Tiny => new TinyBackbone(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Backbone, "unknown backbone"),
        };
        attention = spec.Attention switch
        {
            AttentionKind.None => null,
            AttentionKind.RfgaResidual => new RfgaModule(backbone.OutChannels, residual: true, spec.Views, spec.KernelSize),
            AttentionKind.RfgaNonResidual => new RfgaModule(backbone.OutChannels, residual: false, spec.Views, spec.KernelSize),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Attention, "unknown attention kind"),
        };
        classifier = nn.Conv2d(backbone.OutChannels, spec.ClassCount, 1, bias: false);
        RegisterComponents();
    }

    /// <summary>The configuration this network was built from.</summary>
    public WsolNetworkSpec Spec { get; }

    /// <summary>The ratio of input side to class-map side.</summary>
    public int Stride => backbone.Stride;

    /// <summary>The attention module, or null for plain CAM.</summary>
    public nn.Module<Tensor, Tensor>? Attention => attention;

    /// <inheritdoc />
    public override WsolOutput forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = backbone.forward(images);
        var recalibrated = attention is null ? features : attention.forward(features);
        var maps = classifier.forward(recalibrated);
        var logits = maps.mean([2, 3]);
        return new WsolOutput(logits.MoveToOuterDisposeScope(), maps.MoveToOuterDisposeScope());
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            backbone.Dispose();
            attention?.Dispose();
            classifier.Dispose();
        }
        base.Dispose(disposing);
    }
}
