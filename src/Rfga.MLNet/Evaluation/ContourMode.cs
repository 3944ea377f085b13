namespace Rfga.MLNet.Evaluation;

/// <summary>Which contours of a thresholded map give predicted boxes.</summary>
public enum ContourMode
{
    /// <summary>One box, of the largest contour (MaxBoxAcc, the default).</summary>
    Single = 0,

    /// <summary>One box per contour, the image scoring its best (MaxBoxAccV2).</summary>
    Multi = 1,
}
