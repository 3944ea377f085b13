using System;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Options of the one-call chain <c>mlContext.Transforms.RfgaLocalize</c>: the trainer's options plus how the CAM is
/// taken and the box derived. Defaults are the paper's recipe (PAPER.md §4).
/// </summary>
public sealed class RfgaLocalizeOptions : RfgaTrainerOptions
{
    /// <summary>Which class's map becomes the CAM. Default the predicted class.</summary>
    public CamTarget CamTarget { get; set; } = CamTarget.Predicted;

    /// <summary>Upsampling of class maps to the image. Default bicubic (as the reference).</summary>
    public MapInterpolation Interpolation { get; set; } = MapInterpolation.Bicubic;

    /// <summary>Output: the normalised CAM at the source size, Vector&lt;Double&gt;. Default "Cam".</summary>
    public string CamColumnName { get; set; } = "Cam";

    /// <summary>Output: the CAM's (width, height). Default "CamSize".</summary>
    public string CamSizeColumnName { get; set; } = "CamSize";

    /// <summary>τ in [0, 1), or null (default) to calibrate it on training rows with ground-truth boxes.</summary>
    public double? Tau { get; set; }

    /// <summary>Ground-truth boxes for τ calibration, Vector&lt;Single&gt; (4 per box). Default "Boxes".</summary>
    public string GroundTruthBoxesColumnName { get; set; } = "Boxes";

    /// <summary>δ of τ calibration. Default 0.5.</summary>
    public double CalibrationIouThreshold { get; set; } = 0.5;

    /// <summary>Output: the box x0, y0, x1, y1 in source pixels (inclusive). Default "BoundingBox".</summary>
    public string BoundingBoxColumnName { get; set; } = "BoundingBox";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        CamOptions().Validate();
        BoxOptions().Validate();
    }

    internal CamExtractorOptions CamOptions() => new()
    {
        ClassMapsColumnName = ClassMapsColumnName,
        ImageSizeColumnName = ImageSizeColumnName,
        Target = CamTarget,
        PredictedLabelColumnName = PredictedLabelColumnName,
        LabelColumnName = LabelColumnName,
        Interpolation = Interpolation,
        CamColumnName = CamColumnName,
        CamSizeColumnName = CamSizeColumnName,
    };

    internal BoxDeriverOptions BoxOptions() => new()
    {
        CamColumnName = CamColumnName,
        CamSizeColumnName = CamSizeColumnName,
        Tau = Tau,
        GroundTruthBoxesColumnName = GroundTruthBoxesColumnName,
        CalibrationIouThreshold = CalibrationIouThreshold,
        BoundingBoxColumnName = BoundingBoxColumnName,
    };
}
