using System.Collections.Generic;

namespace Rfga.MLNet.Evaluation;

/// <summary>MaxBoxAcc per δ, their mean, the mIoU readings and the τ curves of a box-accuracy evaluation.</summary>
public sealed class BoxAccuracyResult
{
    internal BoxAccuracyResult(
        int imageCount,
        ContourMode contourMode,
        IReadOnlyList<double> taus,
        IReadOnlyList<BoxAccuracyAtDelta> perDelta,
        double meanMaxBoxAccuracy,
        IReadOnlyList<double> meanIouCurve,
        MeanIouTauRule meanIouTauRule,
        int meanIouTauIndex,
        double maxMeanIou,
        int maxMeanIouTauIndex,
        double perImageMeanIou,
        LocalizationAccuracy localization,
        IReadOnlyList<ImageBoxDetail>? images)
    {
        ImageCount = imageCount;
        ContourMode = contourMode;
        Taus = taus;
        PerDelta = perDelta;
        MeanMaxBoxAccuracy = meanMaxBoxAccuracy;
        MeanIouCurve = meanIouCurve;
        MeanIouTauRule = meanIouTauRule;
        MeanIouTauIndex = meanIouTauIndex;
        MaxMeanIou = maxMeanIou;
        MaxMeanIouTauIndex = maxMeanIouTauIndex;
        PerImageMeanIou = perImageMeanIou;
        Localization = localization;
        Images = images;
    }

    /// <summary>Number of images N.</summary>
    public int ImageCount { get; }

    /// <summary>The contour mode the boxes came from.</summary>
    public ContourMode ContourMode { get; }

    /// <summary>The τ grid, lowest first.</summary>
    public IReadOnlyList<double> Taus { get; }

    /// <summary>One entry per IoU threshold δ, in the order of the options.</summary>
    public IReadOnlyList<BoxAccuracyAtDelta> PerDelta { get; }

    /// <summary>Mean of MaxBoxAcc over δ (left-to-right float64 sum / count), in percent: the paper's "Avg.".</summary>
    public double MeanMaxBoxAccuracy { get; }

    /// <summary>mIoU(τ) = (Σ over images of the image's best IoU at τ) / N, for every τ.</summary>
    public IReadOnlyList<double> MeanIouCurve { get; }

    /// <summary>The rule that picked <see cref="MeanIouTauIndex"/>.</summary>
    public MeanIouTauRule MeanIouTauRule { get; }

    /// <summary>The τ index of the reported mIoU, chosen by <see cref="MeanIouTauRule"/>.</summary>
    public int MeanIouTauIndex { get; }

    /// <summary>The τ of the reported mIoU.</summary>
    public double MeanIouTau => Taus[MeanIouTauIndex];

    /// <summary>mIoU at the τ chosen by <see cref="MeanIouTauRule"/> (reading (iii) for acc@50), in [0, 1].</summary>
    public double MeanIou => MeanIouCurve[MeanIouTauIndex];

    /// <summary>max over τ of mIoU(τ) (reading (ii)), in [0, 1].</summary>
    public double MaxMeanIou { get; }

    /// <summary>The first τ index reaching <see cref="MaxMeanIou"/>.</summary>
    public int MaxMeanIouTauIndex { get; }

    /// <summary>Mean over images of each image's max-over-τ best IoU, every image at its own τ (reading (i), PAPER.md §5).</summary>
    public double PerImageMeanIou { get; }

    /// <summary>GT-known Loc, Top-1 Loc and Top-1 classification (the last two need class labels on every image).</summary>
    public LocalizationAccuracy Localization { get; }

    /// <summary>Per-image detail in the order added, or null unless <see cref="BoxAccuracyOptions.KeepPerImageDetail"/> was set.</summary>
    public IReadOnlyList<ImageBoxDetail>? Images { get; }
}
