namespace Rfga.MLNet.Network;

/// <summary>How the spatial-axis convolution of RFGA's h/w branches mixes channels (only with <see cref="HwConvAxis.Spatial"/>, PAPER.md §2.4a).</summary>
public enum SpatialMixing
{
    /// <summary>Conv1d(C, C, k): every output channel sees every input channel (C²k weights per branch; the literal reading).</summary>
    Dense = 0,

    /// <summary>Conv1d(C, C, k, groups: C): one k-tap kernel per channel (Ck weights per branch).</summary>
    Depthwise = 1,

    /// <summary>One 1→1 k-tap kernel applied to every channel (k weights per branch).</summary>
    Shared = 2,
}
