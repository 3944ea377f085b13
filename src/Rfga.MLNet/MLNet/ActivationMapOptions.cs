using System;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;
using Rfga.MLNet.Weights;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// Options of <see cref="ActivationMapEstimator"/>: the pretrained backbone, the map, the input size and the columns.
/// The output columns are the classifier's, so <c>ExtractCam</c> and <c>DeriveBoxes</c> follow unchanged.
/// </summary>
public sealed class ActivationMapOptions
{
    /// <summary>Input column with the image: <c>MLImage</c> or a text path. Default "ImagePath".</summary>
    public string ImageColumnName { get; set; } = "ImagePath";

    /// <summary>Folder that relative image paths are resolved against; null = as given.</summary>
    public string? ImageFolder { get; set; }

    /// <summary>The backbone (layer4 at stride 1, as for WSOL). Default <see cref="BackboneKind.ResNet18Cntk"/>.</summary>
    public BackboneKind Backbone { get; set; } = BackboneKind.ResNet18Cntk;

    /// <summary>
    /// The backbone's weights. Default <see cref="PretrainedWeights.ImageNetResNet18"/> (offline, from NuGet);
    /// <see cref="PretrainedWeights.None"/> gives the random-initialisation baseline.
    /// </summary>
    public PretrainedWeights Pretrained { get; set; } = PretrainedWeights.ImageNetResNet18;

    /// <summary>The map. Default (and only) <see cref="ActivationMapKind.MeanActivation"/>.</summary>
    public ActivationMapKind Map { get; set; } = ActivationMapKind.MeanActivation;

    /// <summary>Images are resized to this square side, pixels (≥ 32; multiples of 32 keep the CNTK graph's padding). Default 224, the ImageNet training size.</summary>
    public int TestSize { get; set; } = 224;

    /// <summary>
    /// Input preprocessing, or null (default) for what <see cref="Pretrained"/> expects (the CNTK ResNet-18's BGR
    /// mean subtraction), else torchvision's ImageNet normalisation.
    /// </summary>
    public InputPreprocessing? Preprocessing { get; set; }

    /// <summary>Images per forward pass when transforming data (≥ 1). Default 8.</summary>
    public int InferenceBatchSize { get; set; } = 8;

    /// <summary>Output: Vector&lt;Single, 1&gt; holding 1 (one class-agnostic "object" class). Default "Score".</summary>
    public string ScoreColumnName { get; set; } = "Score";

    /// <summary>Output: Key&lt;UInt32, 1&gt; always 1, with key value "object". Default "PredictedLabel".</summary>
    public string PredictedLabelColumnName { get; set; } = "PredictedLabel";

    /// <summary>Output: the activation map, Vector&lt;Single, 1, h, w&gt;. Default "ClassMaps".</summary>
    public string ClassMapsColumnName { get; set; } = "ClassMaps";

    /// <summary>Output: the source image's (width, height), Vector&lt;Int32, 2&gt;. Default "ImageSize".</summary>
    public string ImageSizeColumnName { get; set; } = "ImageSize";

    /// <summary>Throws naming the first option out of range (and a missing weights file).</summary>
    public void Validate()
    {
        foreach (var (value, name) in new[]
        {
            (ImageColumnName, nameof(ImageColumnName)), (ScoreColumnName, nameof(ScoreColumnName)),
            (PredictedLabelColumnName, nameof(PredictedLabelColumnName)), (ClassMapsColumnName, nameof(ClassMapsColumnName)),
            (ImageSizeColumnName, nameof(ImageSizeColumnName)),
        })
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{name} must name a column.", name);
        }
        if (!Enum.IsDefined(Backbone)) throw new ArgumentOutOfRangeException(nameof(Backbone), Backbone, "unknown backbone");
        if (!Enum.IsDefined(Map)) throw new ArgumentOutOfRangeException(nameof(Map), Map, "allowed: MeanActivation");
        if (TestSize < 32) throw new ArgumentOutOfRangeException(nameof(TestSize), TestSize, "must be ≥ 32");
        if (InferenceBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(InferenceBatchSize), InferenceBatchSize, "must be ≥ 1");
        if (Pretrained is null) throw new ArgumentNullException(nameof(Pretrained));
        Pretrained.Validate(Backbone);
        Preprocessing?.Validate();
    }

    /// <summary>The preprocessing used: the explicit one, else the weights', else torchvision's ImageNet.</summary>
    internal InputPreprocessing EffectivePreprocessing => Preprocessing ?? Pretrained.Preprocessing ?? InputPreprocessing.ImageNet;
}
