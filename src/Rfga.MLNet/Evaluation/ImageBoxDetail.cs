using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>Per-image detail of a box-accuracy evaluation, kept when <see cref="BoxAccuracyOptions.KeepPerImageDetail"/> is set.</summary>
public sealed class ImageBoxDetail
{
    internal ImageBoxDetail(
        int index,
        IReadOnlyList<PixelBox> gtBoxes,
        IReadOnlyList<double> bestIou,
        IReadOnlyList<PixelBox>? boxes,
        IReadOnlyList<int>? boxCounts,
        int bestTauIndex)
    {
        Index = index;
        GtBoxes = gtBoxes;
        BestIou = bestIou;
        Boxes = boxes;
        BoxCounts = boxCounts;
        BestTauIndex = bestTauIndex;
    }

    /// <summary>Position of the image in the order of <c>Add</c> calls, from 0.</summary>
    public int Index { get; }

    /// <summary>The GT boxes in score-map pixels (after the GT resize).</summary>
    public IReadOnlyList<PixelBox> GtBoxes { get; }

    /// <summary>The image's score at every τ: the best IoU over its GT boxes (and, in multi mode, over all predicted boxes).</summary>
    public IReadOnlyList<double> BestIou { get; }

    /// <summary>The single-contour box at every τ; null in multi mode.</summary>
    public IReadOnlyList<PixelBox>? Boxes { get; }

    /// <summary>The number of multi-contour boxes at every τ; null in single mode.</summary>
    public IReadOnlyList<int>? BoxCounts { get; }

    /// <summary>The image's own best τ index: the first maximum of <see cref="BestIou"/>.</summary>
    public int BestTauIndex { get; }

    /// <summary>The image's best IoU over τ, BestIou[BestTauIndex].</summary>
    public double MaxIou => BestIou[BestTauIndex];

    /// <summary>The image's id when it was added as a <see cref="ScoreMapSample"/> with one, else null.</summary>
    public string? ImageId { get; init; }

    /// <summary>The ground-truth class, when given.</summary>
    public int? TrueClass { get; init; }

    /// <summary>The predicted class, when given.</summary>
    public int? PredictedClass { get; init; }
}
