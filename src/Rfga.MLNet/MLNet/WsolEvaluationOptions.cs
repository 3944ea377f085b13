using System;
using Rfga.MLNet.Evaluation;

namespace Rfga.MLNet.MLNet;

/// <summary>Options of <see cref="WsolEvaluationCatalog.Evaluate"/>: the columns to read and the metric settings.</summary>
public sealed class WsolEvaluationOptions
{
    /// <summary>Input: the score map, Vector&lt;Double&gt; (H·W, row-major, values in [0, 1]). Default "Cam".
    /// For GT-known Loc and MaxBoxAcc it must be the ground-truth class's map (<see cref="CamTarget.Label"/>).</summary>
    public string CamColumnName { get; set; } = "Cam";

    /// <summary>Input: the map's (width, height), Vector&lt;Int32, 2&gt;. Default "CamSize".</summary>
    public string CamSizeColumnName { get; set; } = "CamSize";

    /// <summary>Input: ground-truth boxes, Vector&lt;Single&gt; of 4·n values x0, y0, x1, y1 (inclusive source pixels);
    /// every row needs at least one. Default "Boxes" (the column of <see cref="WsolDataViews"/>).</summary>
    public string GroundTruthBoxesColumnName { get; set; } = "Boxes";

    /// <summary>Input, optional: the true class, a key column. With <see cref="PredictedLabelColumnName"/> it gives Top-1
    /// classification and Top-1 Loc; when either column is absent (or the name null) those metrics are null. Default "Label".</summary>
    public string? LabelColumnName { get; set; } = "Label";

    /// <summary>Input, optional: the predicted class, a key column over the same keys as the label. Default "PredictedLabel".</summary>
    public string? PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Input, optional: a box per row, Vector&lt;Single, 4&gt; in source pixels (the <see cref="BoxDeriver"/> output);
    /// when present its GT-known and Top-1 Loc are reported too. Default "BoundingBox".</summary>
    public string? BoundingBoxColumnName { get; set; } = "BoundingBox";

    /// <summary>Input, optional: a text column naming each row in error messages and per-image detail. Default "ImagePath".</summary>
    public string? ImageIdColumnName { get; set; } = "ImagePath";

    /// <summary>
    /// Input, optional: Int32 columns with the size the GT boxes refer to. Null (default): the map size, which is
    /// the image size for maps from <see cref="CamExtractor"/> (then the GT resize is the identity).
    /// </summary>
    public string? ImageWidthColumnName { get; set; }

    /// <summary>See <see cref="ImageWidthColumnName"/>.</summary>
    public string? ImageHeightColumnName { get; set; }

    /// <summary>Metric settings (δ list, τ step, contour mode, GT resize, mIoU rule, user τ, per-image detail);
    /// default: the paper's MaxBoxAcc.</summary>
    public BoxAccuracyOptions Metrics { get; set; } = new();

    /// <summary>Threads scoring the maps; ≤ 0 (default) for one per processor. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>Throws naming the first option that is not usable.</summary>
    public void Validate()
    {
        foreach (var (value, name) in new[]
        {
            (CamColumnName, nameof(CamColumnName)), (CamSizeColumnName, nameof(CamSizeColumnName)),
            (GroundTruthBoxesColumnName, nameof(GroundTruthBoxesColumnName)),
        })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column.", name);
        }
        if ((ImageWidthColumnName is null) != (ImageHeightColumnName is null))
            throw new ArgumentException($"Set both {nameof(ImageWidthColumnName)} and {nameof(ImageHeightColumnName)}, or neither.", nameof(ImageWidthColumnName));
        ArgumentNullException.ThrowIfNull(Metrics, nameof(Metrics));
        Metrics.Validate();
    }
}
