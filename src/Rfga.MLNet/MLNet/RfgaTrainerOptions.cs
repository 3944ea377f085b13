using System;
using System.Threading;
using Microsoft.ML;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Options of <see cref="RfgaTrainer"/>: input/output columns, the network and the training recipe.
/// Defaults are the paper's recipe (PAPER.md §4).
/// </summary>
public class RfgaTrainerOptions
{
    /// <summary>Input column with the image: <c>MLImage</c> or a text path. Default "ImagePath".</summary>
    public string ImageColumnName { get; set; } = "ImagePath";

    /// <summary>Folder that relative image paths are resolved against; null = as given.</summary>
    public string? ImageFolder { get; set; }

    /// <summary>
    /// Optional Int32 input column: rows to drop at the bottom of each image before anything else (e.g. FGVC-Aircraft's
    /// copyright banner, <see cref="WsolDataViews.CropBottomColumnName"/>). Null (default): images are used whole.
    /// </summary>
    public string? CropBottomColumnName { get; set; }

    /// <summary>Input key column with the class (from <c>MapValueToKey</c>). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Output: class probabilities, Vector&lt;Single, K&gt;. Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Output: predicted class, a key with the training key values. Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Output: class maps S before pooling, Vector&lt;Single, K, h, w&gt;. Default "ClassMaps".</summary>
    public string ClassMapsColumnName { get; set; } = "ClassMaps";

    /// <summary>Output: the source image's (width, height), Vector&lt;Int32, 2&gt;. Default "ImageSize".</summary>
    public string ImageSizeColumnName { get; set; } = "ImageSize";

    /// <summary>The backbone. Default <see cref="BackboneKind.Tiny"/>.</summary>
    public BackboneKind Backbone { get; set; } = BackboneKind.Tiny;

    /// <summary>
    /// The backbone's starting weights: <see cref="PretrainedWeights.None"/> (default), <see cref="PretrainedWeights.ImageNetResNet18"/>
    /// (with <see cref="BackboneKind.ResNet18Cntk"/>; the input then becomes BGR 0..255 minus the ImageNet mean while
    /// <see cref="Training"/>'s preprocessing is at its default) or <see cref="PretrainedWeights.FromFile"/> (a torchvision
    /// checkpoint such as resnet50-*.pth with <see cref="BackboneKind.ResNet50"/>, the paper's setting).
    /// </summary>
    public PretrainedWeights Pretrained { get; set; } = PretrainedWeights.None;

    /// <summary>The attention module. Default RFGA w/ R.</summary>
    public AttentionKind Attention { get; set; } = AttentionKind.RfgaResidual;

    /// <summary>RFGA views (Table 3 ablations). Default all three.</summary>
    public RfgaViews Views { get; set; } = RfgaViews.All;

    /// <summary>RFGA 1-D kernel size k, odd. Default 3 (paper).</summary>
    public int KernelSize { get; set; } = 3;

    /// <summary>Kernel size rule: <see cref="KernelSize"/> as given (default) or ECA's adaptive rule of C.</summary>
    public KernelSizeRule KernelSizeRule { get; set; } = KernelSizeRule.Fixed;

    /// <summary>Axis of RFGA's h/w 1-D convolutions (PAPER.md §2.4a). Default the channel axis.</summary>
    public HwConvAxis HwConvAxis { get; set; } = HwConvAxis.Channel;

    /// <summary>Channel mixing of RFGA's h/w convolutions when <see cref="HwConvAxis"/> is Spatial. Default Dense.</summary>
    public SpatialMixing SpatialMixing { get; set; } = SpatialMixing.Dense;

    /// <summary>What RFGA does with a training BatchNorm that sees one value per channel. Default: error.</summary>
    public SingleSampleBatchNorm SingleSample { get; set; } = SingleSampleBatchNorm.Error;

    /// <summary>The training-time WSOL method (PAPER.md §7: HaS, ACoL, ADL, CutMix). Default plain CAM training.</summary>
    public WsolMethod Method { get; set; } = WsolMethod.Cam;

    /// <summary>Hide-and-Seek settings, used when <see cref="Method"/> is HaS (defaults: S = crop/7, p = 0.5, fill 0).</summary>
    public HasOptions HaS { get; set; } = new();

    /// <summary>ADL settings, used when <see cref="Method"/> is Adl (defaults: ρ = 0.75, γ = 0.9).</summary>
    public AdlOptions Adl { get; set; } = new();

    /// <summary>ACoL settings, used when <see cref="Method"/> is Acol (defaults: erasing threshold 0.7, head width C/2).</summary>
    public AcolOptions Acol { get; set; } = new();

    /// <summary>CutMix settings, used when <see cref="Method"/> is CutMix (defaults: β = 1, probability 1).</summary>
    public CutMixOptions CutMix { get; set; } = new();

    /// <summary>The training recipe: epochs, batch, SGD, schedule, augmentation, test size, normalisation.</summary>
    public TrainingSettings Training { get; set; } = new();

    /// <summary>
    /// The layout of the images handed to the backbone (default <see cref="InputMemoryLayout.Auto"/>: channels-last on
    /// the CPU); set on the trained network (<see cref="RfgaClassifierTransformer.Network"/>). A run-time setting, not
    /// saved in the model: a loaded model starts with Auto.
    /// </summary>
    public InputMemoryLayout InputLayout { get; set; } = InputMemoryLayout.Auto;

    /// <summary>Images per forward pass when transforming data (≥ 1). Default 8.</summary>
    public int InferenceBatchSize { get; set; } = 8;

    /// <summary>Labelled data (same columns) evaluated at the end of every epoch (loss, top-1), or null.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Folder for training checkpoints, or null. A checkpoint of the same configuration found there is resumed.</summary>
    public string? CheckpointFolder { get; set; }

    /// <summary>Write a checkpoint every this many steps (0: at the end of each epoch and on cancellation only).</summary>
    public int CheckpointEverySteps { get; set; }

    /// <summary>Receives per-step training progress (also logged once per epoch to the ML.NET channel), or null.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Cancels training between steps (a checkpoint is written first when a folder is set).</summary>
    public CancellationToken Cancellation { get; set; }

    internal WsolNetworkSpec NetworkSpec(int classCount) =>
        new(classCount, Backbone, Attention, Views, KernelSize, HwConvAxis, SpatialMixing, SingleSample, KernelSizeRule,
            Method, HaS, Adl, Acol, CutMix);

    /// <summary>Throws naming the first option out of range.</summary>
    public virtual void Validate()
    {
        RequireName(ImageColumnName, nameof(ImageColumnName));
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireName(ScoreColumnName, nameof(ScoreColumnName));
        RequireName(PredictedLabelColumnName, nameof(PredictedLabelColumnName));
        RequireName(ClassMapsColumnName, nameof(ClassMapsColumnName));
        RequireName(ImageSizeColumnName, nameof(ImageSizeColumnName));
        if (Training is null) throw new ArgumentNullException(nameof(Training));
        Training.Validate();
        NetworkSpec(2).Validate();
        if (Pretrained is null) throw new ArgumentNullException(nameof(Pretrained));
        Pretrained.Validate(Backbone);
        if (InferenceBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(InferenceBatchSize), InferenceBatchSize, "must be ≥ 1");
        if (CheckpointEverySteps < 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEverySteps), CheckpointEverySteps, "must be ≥ 0");
    }

    /// <summary>Throws if <paramref name="value"/> is not a column name.</summary>
    protected static void RequireName(string value, string option)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{option} must name a column.", option);
    }
}
