namespace Rfga.MLNet.Network;

/// <summary>The axis along which RFGA's height and width branches slide their 1-D convolution (PAPER.md §2.4a).</summary>
public enum HwConvAxis
{
    /// <summary>Along the channel axis, ECA style: one k-tap kernel per branch, shared over rows (h) or columns (w). The default.</summary>
    Channel = 0,

    /// <summary>Along the spatial axis: h (w) is a length-H (length-W) signal with C channels; see <see cref="SpatialMixing"/>.</summary>
    Spatial = 1,
}
