using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>A feature extractor: image [B, 3, H, W] → features [B, C, H/s, W/s] (non-negative, after a ReLU).</summary>
public abstract class WsolBackbone : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the backbone module with the given name.</summary>
    protected WsolBackbone(string name) : base(name) { }

    /// <summary>C, the channels of the output feature map.</summary>
    public abstract long OutChannels { get; }

    /// <summary>s, the ratio of input to feature-map side.</summary>
    public abstract int Stride { get; }
}
