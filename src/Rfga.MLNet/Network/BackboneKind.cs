namespace Rfga.MLNet.Network;

/// <summary>The feature extractor under the attention module and class-map head.</summary>
public enum BackboneKind
{
    /// <summary>A small 4-layer CNN (stride 4, 128 channels) for tests, demos and quick experiments on CPU.</summary>
    Tiny = 0,
}
