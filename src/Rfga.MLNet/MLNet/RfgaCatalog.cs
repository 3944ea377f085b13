using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.MLNet;

/// <summary>Entry points of Rfga.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class RfgaCatalog
{
    /// <summary>
    /// The whole WSOL chain: <see cref="RfgaTrainer"/> → <see cref="CamExtractor"/> → <see cref="BoxDeriver"/>. Adds Score,
    /// PredictedLabel, ClassMaps, ImageSize, Cam, CamSize, BoundingBox, BoundingBoxTau.
    /// </summary>
    public static EstimatorChain<BoxDeriverTransformer> RfgaLocalize(this TransformsCatalog catalog, RfgaLocalizeOptions options)
    {
        var env = CatalogUtils.GetEnvironment(catalog);
        env.CheckValue(options, nameof(options));
        options.Validate();
        return new RfgaTrainer(env, options)
            .Append(new CamExtractor(env, options.CamOptions()))
            .Append(new BoxDeriver(env, options.BoxOptions()));
    }

    /// <summary>The whole WSOL chain with the paper's recipe on the given backbone, attention and epochs; τ given.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="labelColumnName">Key column with the class.</param>
    /// <param name="imageColumnName">Image column: <c>MLImage</c> or a file path.</param>
    /// <param name="imageFolder">Folder for relative paths, or null.</param>
    /// <param name="attention">The attention module.</param>
    /// <param name="epochs">Training epochs.</param>
    /// <param name="tau">Box threshold τ in [0, 1).</param>
    public static EstimatorChain<BoxDeriverTransformer> RfgaLocalize(this TransformsCatalog catalog,
        string labelColumnName = "Label", string imageColumnName = "ImagePath", string? imageFolder = null,
        AttentionKind attention = AttentionKind.RfgaResidual, int epochs = 60, double tau = 0.5)
        => catalog.RfgaLocalize(new RfgaLocalizeOptions
        {
            LabelColumnName = labelColumnName,
            ImageColumnName = imageColumnName,
            ImageFolder = imageFolder,
            Attention = attention,
            Training = new TrainingSettings { Epochs = epochs },
            Tau = tau,
        });

    /// <summary>Trains the WSOL network; adds Score, PredictedLabel, ClassMaps and ImageSize.</summary>
    public static RfgaTrainer TrainRfga(this TransformsCatalog catalog, RfgaTrainerOptions options)
        => new(CatalogUtils.GetEnvironment(catalog), options);

    /// <summary>
    /// Zero-training localization: a pretrained backbone's class-agnostic activation map (default: the mean activation of
    /// the ImageNet ResNet-18 shipped on NuGet) as Score, PredictedLabel (one class), ClassMaps and ImageSize, ready for
    /// <see cref="ExtractCam"/> and <see cref="DeriveBoxes"/>.
    /// </summary>
    public static ActivationMapEstimator ActivationMaps(this TransformsCatalog catalog, ActivationMapOptions? options = null)
        => new(CatalogUtils.GetEnvironment(catalog), options ?? new ActivationMapOptions());

    /// <summary>Takes one class's map per row (predicted or label), upsampled and normalised; adds Cam and CamSize.</summary>
    public static CamExtractor ExtractCam(this TransformsCatalog catalog, CamExtractorOptions? options = null)
        => new(CatalogUtils.GetEnvironment(catalog), options ?? new CamExtractorOptions());

    /// <summary>Derives a box from each CAM at τ (given, or calibrated on rows with boxes); adds BoundingBox and BoundingBoxTau.</summary>
    public static BoxDeriver DeriveBoxes(this TransformsCatalog catalog, BoxDeriverOptions? options = null)
        => new(CatalogUtils.GetEnvironment(catalog), options ?? new BoxDeriverOptions());
}
