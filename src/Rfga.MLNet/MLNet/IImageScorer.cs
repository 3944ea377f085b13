using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Imaging;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// A transformer that runs a network on an image column and adds the classifier's four columns (Score,
/// PredictedLabel, ClassMaps, ImageSize): <see cref="RfgaClassifierTransformer"/> (trained) and
/// <see cref="ActivationMapTransformer"/> (zero-training). <see cref="BatchedScoringDataView"/> and
/// <see cref="ClassifierRowMapper"/> serve both.
/// </summary>
internal interface IImageScorer : ITransformer
{
    /// <summary>The host for errors.</summary>
    IHost Host { get; }

    /// <summary>The input image column (MLImage or path).</summary>
    string ImageColumnName { get; }

    /// <summary>Folder relative paths are resolved against, or null.</summary>
    string? ImageFolder { get; }

    /// <summary>Optional Int32 column of rows to drop at the bottom of each image before scoring, or null.</summary>
    string? CropBottomColumnName { get; }

    /// <summary>Images per forward pass in <see cref="ITransformer.Transform"/>.</summary>
    int InferenceBatchSize { get; }

    /// <summary>The output columns, in the order of <see cref="ClassifierGetters"/>.</summary>
    DataViewSchema.DetachedColumn[] OutputColumns();

    /// <summary>Runs the network once on <paramref name="images"/> and returns each image's outputs.</summary>
    ClassifierResult[] Score(IReadOnlyList<RgbImage> images);
}
