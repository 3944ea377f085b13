using Rfga.MLNet.Evaluation;

namespace Rfga.MLNet.MLNet;

/// <summary>The WSOL metrics of an <see cref="Microsoft.ML.IDataView"/>: the τ sweep over the maps, plus the accuracy of a given box column.</summary>
public sealed class WsolEvaluationResult
{
    internal WsolEvaluationResult(BoxAccuracyResult metrics, double? boundingBoxGtKnownLoc, double? boundingBoxTop1Loc)
    {
        Metrics = metrics;
        BoundingBoxGtKnownLoc = boundingBoxGtKnownLoc;
        BoundingBoxTop1Loc = boundingBoxTop1Loc;
    }

    /// <summary>MaxBoxAcc per δ, their mean, mIoU readings, BoxAcc(τ) curves, GT-known Loc, Top-1 Loc and Top-1 classification.</summary>
    public BoxAccuracyResult Metrics { get; }

    /// <summary>Percent of rows whose <see cref="WsolEvaluationOptions.BoundingBoxColumnName"/> box has IoU ≥ 0.5 with a GT box; null without that column.</summary>
    public double? BoundingBoxGtKnownLoc { get; }

    /// <summary>Percent of rows whose predicted class is correct and whose box has IoU ≥ 0.5; null without the box or class columns.</summary>
    public double? BoundingBoxTop1Loc { get; }
}
