using System;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.MLNet;

/// <summary>Options of <see cref="CamExtractor"/>.</summary>
public sealed class CamExtractorOptions
{
    /// <summary>Input: class maps, Vector&lt;Single, K, h, w&gt;. Default "ClassMaps".</summary>
    public string ClassMapsColumnName { get; set; } = "ClassMaps";

    /// <summary>Input: the source image's (width, height), Vector&lt;Int32, 2&gt;. Default "ImageSize".</summary>
    public string ImageSizeColumnName { get; set; } = "ImageSize";

    /// <summary>Which class's map to take: the prediction (Top-1 Loc) or the label (GT-known Loc, MaxBoxAcc). Default Predicted.</summary>
    public CamTarget Target { get; set; } = CamTarget.Predicted;

    /// <summary>Input key column of the predicted class. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Input key column of the ground-truth class (used with <see cref="CamTarget.Label"/>). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Upsampling of the h×w map to the source image. Default bicubic (OpenCV semantics, as the reference).</summary>
    public MapInterpolation Interpolation { get; set; } = MapInterpolation.Bicubic;

    /// <summary>Output: the min-max normalised CAM at the source size, Vector&lt;Double&gt; (H·W, row-major). Default "Cam".</summary>
    public string CamColumnName { get; set; } = "Cam";

    /// <summary>Output: the CAM's (width, height), Vector&lt;Int32, 2&gt;. Default "CamSize".</summary>
    public string CamSizeColumnName { get; set; } = "CamSize";

    /// <summary>Throws naming the first option out of range.</summary>
    public void Validate()
    {
        foreach (var (value, name) in new[]
        {
            (ClassMapsColumnName, nameof(ClassMapsColumnName)), (ImageSizeColumnName, nameof(ImageSizeColumnName)),
            (PredictedLabelColumnName, nameof(PredictedLabelColumnName)), (LabelColumnName, nameof(LabelColumnName)),
            (CamColumnName, nameof(CamColumnName)), (CamSizeColumnName, nameof(CamSizeColumnName)),
        })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column.", name);
        }
        if (!Enum.IsDefined(Target)) throw new ArgumentOutOfRangeException(nameof(Target), Target, "Predicted or Label");
        if (!Enum.IsDefined(Interpolation)) throw new ArgumentOutOfRangeException(nameof(Interpolation), Interpolation, "Bicubic or Bilinear");
    }

    /// <summary>The key column whose class is taken.</summary>
    internal string ClassColumnName => Target == CamTarget.Label ? LabelColumnName : PredictedLabelColumnName;
}
