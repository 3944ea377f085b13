namespace Rfga.MLNet.Samples.Demo;

/// <summary>The columns the demo reads back from a transformed test set.</summary>
public sealed class ScoredRow
{
    /// <summary>Ground-truth class key (1-based).</summary>
    public uint Label { get; set; }

    /// <summary>Predicted class key (1-based).</summary>
    public uint PredictedLabel { get; set; }

    /// <summary>Normalised CAM, row-major.</summary>
    public double[] Cam { get; set; } = [];

    /// <summary>CAM width and height.</summary>
    public int[] CamSize { get; set; } = [];

    /// <summary>Ground-truth box.</summary>
    public float[] Box { get; set; } = [];
}
