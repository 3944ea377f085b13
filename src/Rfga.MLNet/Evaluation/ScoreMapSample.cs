using System;
using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// One image for <see cref="BoxAccuracyAccumulator"/>: the score map of its ground-truth class, its GT boxes,
/// the size the boxes refer to and, for the Top-1 metrics, its true and predicted class.
/// </summary>
/// <remarks>
/// The map is the CAM of the ground-truth class (GT-known localisation). Top-1 Loc counts an image only when
/// its predicted class is the true one, and then the predicted-class map is this same map, so one map per
/// image serves both.
/// </remarks>
public sealed class ScoreMapSample
{
    /// <summary>A sample with a float32 map (widened to float64 exactly, as the reference does).</summary>
    /// <param name="map">Scores in [0, 1], row-major [H, W].</param>
    /// <param name="width">Map width W.</param>
    /// <param name="height">Map height H.</param>
    /// <param name="gtBoxes">At least one GT box, inclusive pixels of the original image (map pixels for <see cref="GtResizeMode.None"/>).</param>
    /// <param name="originalWidth">Width of the image the GT boxes refer to; ignored for <see cref="GtResizeMode.None"/>.</param>
    /// <param name="originalHeight">Height of the image the GT boxes refer to; ignored for <see cref="GtResizeMode.None"/>.</param>
    public ScoreMapSample(ReadOnlyMemory<float> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight)
        : this(width, height, gtBoxes, originalWidth, originalHeight)
    {
        SingleMap = map;
    }

    /// <summary>A sample with a float64 map; see the float32 constructor.</summary>
    public ScoreMapSample(ReadOnlyMemory<double> map, int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight)
        : this(width, height, gtBoxes, originalWidth, originalHeight)
    {
        DoubleMap = map;
        IsDouble = true;
    }

    private ScoreMapSample(int width, int height, IReadOnlyList<PixelBox> gtBoxes, int originalWidth, int originalHeight)
    {
        ArgumentNullException.ThrowIfNull(gtBoxes);
        Width = width;
        Height = height;
        GtBoxes = gtBoxes;
        OriginalWidth = originalWidth;
        OriginalHeight = originalHeight;
    }

    /// <summary>The float32 map, when the sample was built from one.</summary>
    public ReadOnlyMemory<float> SingleMap { get; }

    /// <summary>The float64 map, when the sample was built from one.</summary>
    public ReadOnlyMemory<double> DoubleMap { get; }

    /// <summary>True when the map is float64 (<see cref="DoubleMap"/>), false for float32 (<see cref="SingleMap"/>).</summary>
    public bool IsDouble { get; }

    /// <summary>Map width W.</summary>
    public int Width { get; }

    /// <summary>Map height H.</summary>
    public int Height { get; }

    /// <summary>The GT boxes as given (before the GT resize).</summary>
    public IReadOnlyList<PixelBox> GtBoxes { get; }

    /// <summary>Width of the image the GT boxes refer to.</summary>
    public int OriginalWidth { get; }

    /// <summary>Height of the image the GT boxes refer to.</summary>
    public int OriginalHeight { get; }

    /// <summary>The image's id (for example a wsolevaluation id such as <c>001.Black_footed_Albatross/x.jpg</c>), used in error messages and per-image detail; optional.</summary>
    public string? ImageId { get; init; }

    /// <summary>The ground-truth class index, for Top-1 classification and Top-1 Loc; null when unknown.</summary>
    public int? TrueClass { get; init; }

    /// <summary>The predicted (top-1) class index; null when unknown. Give both classes or neither.</summary>
    public int? PredictedClass { get; init; }
}
