using System.Collections.Generic;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// GT-known Loc, Top-1 Loc and Top-1 classification (PAPER.md §5), in percent. GT-known Loc(τ) = BoxAcc(τ, 0.5)
/// of the ground-truth-class map; Top-1 Loc(τ) counts the images whose top-1 class is correct and whose box
/// has IoU ≥ 0.5; both are reported at τ* (the first argmax of GT-known Loc) and at the optional user τ.
/// </summary>
public sealed class LocalizationAccuracy
{
    /// <summary>The IoU threshold of the localisation metrics, 0.5.</summary>
    public const double IouThreshold = 0.5;

    internal LocalizationAccuracy(
        int optimalTauIndex,
        double optimalTau,
        IReadOnlyList<double> gtKnownCurve,
        IReadOnlyList<double>? top1Curve,
        int? correctClassCount,
        double? top1Classification,
        double? userTau,
        double? gtKnownAtUserTau,
        double? top1AtUserTau)
    {
        OptimalTauIndex = optimalTauIndex;
        OptimalTau = optimalTau;
        GtKnownLocCurve = gtKnownCurve;
        Top1LocCurve = top1Curve;
        CorrectClassCount = correctClassCount;
        Top1Classification = top1Classification;
        UserTau = userTau;
        GtKnownLocAtUserTau = gtKnownAtUserTau;
        Top1LocAtUserTau = top1AtUserTau;
    }

    /// <summary>Index of τ*: the first τ maximising GT-known Loc.</summary>
    public int OptimalTauIndex { get; }

    /// <summary>τ*, in [0, 1).</summary>
    public double OptimalTau { get; }

    /// <summary>GT-known Loc at τ* (its maximum over τ), in percent.</summary>
    public double GtKnownLoc => GtKnownLocCurve[OptimalTauIndex];

    /// <summary>Top-1 Loc at τ*, in percent; null without class labels.</summary>
    public double? Top1Loc => Top1LocCurve?[OptimalTauIndex];

    /// <summary>Top-1 classification accuracy (correct·100.0/N), in percent; null without class labels.</summary>
    public double? Top1Classification { get; }

    /// <summary>Number of images whose predicted class is the true class; null without class labels.</summary>
    public int? CorrectClassCount { get; }

    /// <summary>The user τ (<see cref="BoxAccuracyOptions.LocalizationTau"/>), or null.</summary>
    public double? UserTau { get; }

    /// <summary>GT-known Loc at the user τ, in percent; null without a user τ.</summary>
    public double? GtKnownLocAtUserTau { get; }

    /// <summary>Top-1 Loc at the user τ, in percent; null without a user τ or class labels.</summary>
    public double? Top1LocAtUserTau { get; }

    /// <summary>GT-known Loc at every τ of the grid, in percent.</summary>
    public IReadOnlyList<double> GtKnownLocCurve { get; }

    /// <summary>Top-1 Loc at every τ of the grid, in percent; null without class labels.</summary>
    public IReadOnlyList<double>? Top1LocCurve { get; }
}
