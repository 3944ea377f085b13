using System;

namespace Rfga.MLNet.MLNet;

/// <summary>Options of <see cref="BoxDeriver"/>.</summary>
public sealed class BoxDeriverOptions
{
    /// <summary>Input: the normalised CAM, Vector&lt;Double&gt; (H·W). Default "Cam".</summary>
    public string CamColumnName { get; set; } = "Cam";

    /// <summary>Input: the CAM's (width, height), Vector&lt;Int32, 2&gt;. Default "CamSize".</summary>
    public string CamSizeColumnName { get; set; } = "CamSize";

    /// <summary>
    /// Threshold τ in [0, 1). Null (default): <see cref="BoxDeriver.Fit"/> calibrates it as the τ that maximises
    /// BoxAcc(τ, <see cref="CalibrationIouThreshold"/>) over the rows that carry ground-truth boxes.
    /// </summary>
    public double? Tau { get; set; }

    /// <summary>Input used for calibration: ground-truth boxes, Vector&lt;Single&gt; of 4·n values x0, y0, x1, y1 (inclusive
    /// source pixels) per row; rows with no boxes are skipped. Default "Boxes".</summary>
    public string GroundTruthBoxesColumnName { get; set; } = "Boxes";

    /// <summary>δ of the calibration: the IoU a box needs to count as correct, in (0, 1]. Default 0.5.</summary>
    public double CalibrationIouThreshold { get; set; } = 0.5;

    /// <summary>Step of the τ grid searched by calibration (0.01 or finer). Default 0.01.</summary>
    public double ThresholdStep { get; set; } = 0.01;

    /// <summary>Output: the box x0, y0, x1, y1 in source pixels (inclusive), Vector&lt;Single, 4&gt;. Default "BoundingBox".</summary>
    public string BoundingBoxColumnName { get; set; } = "BoundingBox";

    /// <summary>Output: the τ the box was derived at, Single. Default "BoundingBoxTau".</summary>
    public string TauColumnName { get; set; } = "BoundingBoxTau";

    /// <summary>Throws naming the first option out of range.</summary>
    public void Validate()
    {
        foreach (var (value, name) in new[]
        {
            (CamColumnName, nameof(CamColumnName)), (CamSizeColumnName, nameof(CamSizeColumnName)),
            (GroundTruthBoxesColumnName, nameof(GroundTruthBoxesColumnName)), (BoundingBoxColumnName, nameof(BoundingBoxColumnName)),
            (TauColumnName, nameof(TauColumnName)),
        })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column.", name);
        }
        if (Tau is double t && !(t >= 0 && t < 1)) throw new ArgumentOutOfRangeException(nameof(Tau), t, "must be in [0, 1)");
        if (!(CalibrationIouThreshold > 0 && CalibrationIouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(CalibrationIouThreshold), CalibrationIouThreshold, "must be in (0, 1]");
        if (!(ThresholdStep > 0 && ThresholdStep <= 0.5))
            throw new ArgumentOutOfRangeException(nameof(ThresholdStep), ThresholdStep, "must be in (0, 0.5]");
    }
}
