using System;
using System.Threading;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Options of <see cref="RfgaLocalizeEstimator"/>: columns, network, the training recipe and box derivation.
/// Defaults are the paper's recipe (PAPER.md §4) on the tiny backbone.
/// </summary>
public sealed class RfgaLocalizeOptions
{
    /// <summary>Input column with the image: <c>MLImage</c> or a text path. Default "ImagePath".</summary>
    public string ImageColumnName { get; set; } = "ImagePath";

    /// <summary>Folder that relative image paths are resolved against; null = as given.</summary>
    public string? ImageFolder { get; set; }

    /// <summary>Input key column with the class (from <c>MapValueToKey</c>). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Output: class probabilities, float[K]. Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Output: predicted class, a key with the training key values. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Output: min-max normalised CAM at the source image's size, float[H·W] row-major. Default "Cam".</summary>
    public string CamColumnName { get; set; } = "Cam";

    /// <summary>Output: the CAM's size, int[2] = (width, height). Default "CamSize".</summary>
    public string CamSizeColumnName { get; set; } = "CamSize";

    /// <summary>Output: box x0, y0, x1, y1 in source-image pixels (inclusive), float[4]. Default "BoundingBox".</summary>
    public string BoundingBoxColumnName { get; set; } = "BoundingBox";

    /// <summary>The backbone. Default <see cref="BackboneKind.Tiny"/>.</summary>
    public BackboneKind Backbone { get; set; } = BackboneKind.Tiny;

    /// <summary>The attention module. Default RFGA w/ R.</summary>
    public AttentionKind Attention { get; set; } = AttentionKind.RfgaResidual;

    /// <summary>RFGA views (Table 3 ablations). Default all three.</summary>
    public RfgaViews Views { get; set; } = RfgaViews.All;

    /// <summary>RFGA 1-D kernel size k, odd. Default 3 (paper).</summary>
    public int KernelSize { get; set; } = 3;

    /// <summary>The training recipe (epochs, batch, SGD, schedule, augmentation, normalisation).</summary>
    public TrainingSettings Training { get; set; } = new();

    /// <summary>Test-time input side in pixels: images are resized to this square (paper: 448). Default 448.</summary>
    public int TestSize { get; set; } = 448;

    /// <summary>Which class's map becomes the CAM. Default the predicted class.</summary>
    public CamTarget CamTarget { get; set; } = CamTarget.Predicted;

    /// <summary>Threshold τ in [0, 1) applied to the normalised CAM to derive the box. Default 0.5.</summary>
    public double Tau { get; set; } = 0.5;

    /// <summary>Receives per-step training progress (also logged to the ML.NET channel), or null.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training between steps.</summary>
    public CancellationToken Cancellation { get; set; }

    internal WsolNetworkSpec NetworkSpec(int classCount) => new(classCount, Backbone, Attention, Views, KernelSize);

    /// <summary>Throws naming the first option out of range.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(ImageColumnName), ImageColumnName), (nameof(LabelColumnName), LabelColumnName),
            (nameof(ScoreColumnName), ScoreColumnName), (nameof(PredictedLabelColumnName), PredictedLabelColumnName),
            (nameof(CamColumnName), CamColumnName), (nameof(CamSizeColumnName), CamSizeColumnName),
            (nameof(BoundingBoxColumnName), BoundingBoxColumnName),
        })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column.", name);
        }
        ArgumentNullException.ThrowIfNull(Training, nameof(Training));
        Training.Validate();
        NetworkSpec(2).Validate();
        if (TestSize < 8) throw new ArgumentOutOfRangeException(nameof(TestSize), TestSize, "must be ≥ 8");
        if (!Enum.IsDefined(CamTarget)) throw new ArgumentOutOfRangeException(nameof(CamTarget), CamTarget, "unknown CAM target");
        if (!(Tau >= 0 && Tau < 1)) throw new ArgumentOutOfRangeException(nameof(Tau), Tau, "must be in [0, 1)");
    }
}
