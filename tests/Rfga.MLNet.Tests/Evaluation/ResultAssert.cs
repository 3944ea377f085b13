using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary>Bit-for-bit comparison of two evaluation results (every metric, τ index and curve).</summary>
internal static class ResultAssert
{
    public static void Identical(BoxAccuracyResult expected, BoxAccuracyResult actual, string context = "")
    {
        Assert.AreEqual(expected.ImageCount, actual.ImageCount, context);
        Assert.AreEqual(expected.PerDelta.Count, actual.PerDelta.Count, context);
        for (int d = 0; d < expected.PerDelta.Count; d++)
        {
            BoxAccuracyAtDelta e = expected.PerDelta[d], a = actual.PerDelta[d];
            Assert.AreEqual(e.MaxBoxAccuracy, a.MaxBoxAccuracy, $"{context} δ {e.DeltaPercent}");
            Assert.AreEqual(e.OptimalTauIndex, a.OptimalTauIndex, $"{context} δ {e.DeltaPercent}");
            Assert.AreEqual(e.MeanIouAtOptimum, a.MeanIouAtOptimum, $"{context} δ {e.DeltaPercent}");
            CollectionAssert.AreEqual(e.BoxAccuracyCurve.ToArray(), a.BoxAccuracyCurve.ToArray(), $"{context} δ {e.DeltaPercent}");
            CollectionAssert.AreEqual(e.CorrectCurve.ToArray(), a.CorrectCurve.ToArray(), $"{context} δ {e.DeltaPercent}");
            CollectionAssert.AreEqual(e.TiedTauIndices.ToArray(), a.TiedTauIndices.ToArray(), $"{context} δ {e.DeltaPercent}");
        }

        Assert.AreEqual(expected.MeanMaxBoxAccuracy, actual.MeanMaxBoxAccuracy, context);
        CollectionAssert.AreEqual(expected.MeanIouCurve.ToArray(), actual.MeanIouCurve.ToArray(), context);
        Assert.AreEqual(expected.MeanIou, actual.MeanIou, context);
        Assert.AreEqual(expected.MaxMeanIou, actual.MaxMeanIou, context);
        Assert.AreEqual(expected.PerImageMeanIou, actual.PerImageMeanIou, context);
        LocalizationAccuracy el = expected.Localization, al = actual.Localization;
        Assert.AreEqual(el.OptimalTauIndex, al.OptimalTauIndex, context);
        CollectionAssert.AreEqual(el.GtKnownLocCurve.ToArray(), al.GtKnownLocCurve.ToArray(), context);
        CollectionAssert.AreEqual(el.Top1LocCurve?.ToArray(), al.Top1LocCurve?.ToArray(), context);
        Assert.AreEqual(el.Top1Classification, al.Top1Classification, context);
        Assert.AreEqual(el.GtKnownLocAtUserTau, al.GtKnownLocAtUserTau, context);
        Assert.AreEqual(el.Top1LocAtUserTau, al.Top1LocAtUserTau, context);
        Assert.AreEqual(expected.Images?.Count, actual.Images?.Count, context);
        for (int i = 0; i < (expected.Images?.Count ?? 0); i++)
        {
            CollectionAssert.AreEqual(expected.Images![i].BestIou.ToArray(), actual.Images![i].BestIou.ToArray(), $"{context} image {i}");
            CollectionAssert.AreEqual(expected.Images[i].GtBoxes.ToArray(), actual.Images[i].GtBoxes.ToArray(), $"{context} image {i}");
        }
    }
}
