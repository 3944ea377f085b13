using System.Collections.Generic;

namespace Rfga.MLNet.Evaluation;

/// <summary>Box accuracy at one IoU threshold δ over the τ grid.</summary>
public sealed class BoxAccuracyAtDelta
{
    internal BoxAccuracyAtDelta(
        double delta,
        int deltaPercent,
        double maxBoxAccuracy,
        int optimalTauIndex,
        double optimalTau,
        IReadOnlyList<int> tiedTauIndices,
        int correctAtOptimum,
        double meanIouAtOptimum,
        IReadOnlyList<double> boxAccuracyCurve,
        IReadOnlyList<int> correctCurve)
    {
        Delta = delta;
        DeltaPercent = deltaPercent;
        MaxBoxAccuracy = maxBoxAccuracy;
        OptimalTauIndex = optimalTauIndex;
        OptimalTau = optimalTau;
        TiedTauIndices = tiedTauIndices;
        CorrectAtOptimum = correctAtOptimum;
        MeanIouAtOptimum = meanIouAtOptimum;
        BoxAccuracyCurve = boxAccuracyCurve;
        CorrectCurve = correctCurve;
    }

    /// <summary>δ as given in the options, a fraction such as 0.5.</summary>
    public double Delta { get; }

    /// <summary>δ as a whole percent; an image is correct iff IoU ≥ DeltaPercent / 100.0.</summary>
    public int DeltaPercent { get; }

    /// <summary>MaxBoxAcc(δ) = max over τ of BoxAcc(τ, δ), in percent [0, 100].</summary>
    public double MaxBoxAccuracy { get; }

    /// <summary>Index of the optimal τ: the first (lowest) τ reaching the maximum.</summary>
    public int OptimalTauIndex { get; }

    /// <summary>The optimal τ, in [0, 1).</summary>
    public double OptimalTau { get; }

    /// <summary>Every τ index whose BoxAcc equals the maximum, ascending (for debugging ties).</summary>
    public IReadOnlyList<int> TiedTauIndices { get; }

    /// <summary>Number of correct images at the optimal τ.</summary>
    public int CorrectAtOptimum { get; }

    /// <summary>Dataset mIoU at this δ's optimal τ, in [0, 1].</summary>
    public double MeanIouAtOptimum { get; }

    /// <summary>BoxAcc(τ, δ) = correct·100.0/N for every τ, in percent.</summary>
    public IReadOnlyList<double> BoxAccuracyCurve { get; }

    /// <summary>Number of correct images for every τ.</summary>
    public IReadOnlyList<int> CorrectCurve { get; }
}
