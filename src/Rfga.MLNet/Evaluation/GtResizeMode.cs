namespace Rfga.MLNet.Evaluation;

/// <summary>How ground-truth boxes given in original-image pixels are brought into score-map pixels.</summary>
public enum GtResizeMode
{
    /// <summary>Resize to the score map's size: c' = trunc(c·T/O) with T = map width or height (default).</summary>
    ScoreMap = 0,

    /// <summary>Use the boxes as given; they are already in score-map pixels.</summary>
    None = 1,

    /// <summary>Resize to a fixed square of side <see cref="BoxAccuracyOptions.FixedResizeLength"/> whatever the map size (the reference's literal 224).</summary>
    Fixed = 2,
}
