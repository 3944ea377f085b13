using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary>GT-known Loc, Top-1 Loc and Top-1 classification; the parallel batch API; errors naming the image.</summary>
[TestClass]
public sealed class BoxAccuracyLocalizationTests
{
    [TestMethod]
    public void Compute_ThreeImagesWithClasses_HandComputedLocMetrics()
    {
        // Map 1×10: columns 0–3 at 1.0, 4–7 at 0.4. τ = 0 → box (0, 0, 8, 0); τ = 0.5 → (0, 0, 4, 0). The user τ 0.3 gives
        // thr trunc(0.3·255) = 76 < q(0.4) = 102, so the τ = 0 box. Best IoU per image at (τ 0, τ 0.5): (4/9, 4/5),
        // (1, 5/9), (8/9, 5/8); image 1's class is mispredicted.
        float[] map = new float[10];
        TestMaps.FillRect(map, 10, 0, 0, 3, 0, 1.0f);
        TestMaps.FillRect(map, 10, 4, 0, 7, 0, 0.4f);
        PixelBox[] gts = [new(0, 0, 3, 0), new(0, 0, 8, 0), new(0, 0, 7, 0)];
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions
        {
            ThresholdStep = 0.5,
            GtResizeMode = GtResizeMode.None,
            LocalizationTau = 0.3,
        });
        for (int i = 0; i < 3; i++)
        {
            accumulator.Add(map, 10, 1, [gts[i]], 10, 1, trueClass: 4, predictedClass: i == 1 ? 5 : 4);
        }

        LocalizationAccuracy loc = accumulator.Compute().Localization;

        CollectionAssert.AreEqual(new[] { 2 * 100.0 / 3, 100.0 }, loc.GtKnownLocCurve.ToArray());
        Assert.AreEqual(1, loc.OptimalTauIndex);
        Assert.AreEqual(0.5, loc.OptimalTau);
        Assert.AreEqual(100.0, loc.GtKnownLoc);
        CollectionAssert.AreEqual(new[] { 1 * 100.0 / 3, 2 * 100.0 / 3 }, loc.Top1LocCurve!.ToArray());
        Assert.AreEqual(66.66666666666667, loc.Top1Loc);
        Assert.AreEqual(66.66666666666667, loc.Top1Classification);
        Assert.AreEqual(2, loc.CorrectClassCount);
        Assert.AreEqual(0.3, loc.UserTau);
        Assert.AreEqual(66.66666666666667, loc.GtKnownLocAtUserTau);
        Assert.AreEqual(33.333333333333336, loc.Top1LocAtUserTau);
        Assert.IsTrue(loc.Top1Loc <= Math.Min(loc.Top1Classification!.Value, loc.GtKnownLoc));
    }

    [TestMethod]
    public void Compute_NoClasses_TopOneNullGtKnownEqualsBoxAccAt50()
    {
        var rng = new Random(2);
        var accumulator = new BoxAccuracyAccumulator();
        for (int i = 0; i < 20; i++)
        {
            accumulator.Add(CamLikeMaps.Create(rng, 16, 12), 16, 12, [new PixelBox(rng.Next(8), rng.Next(6), 8 + rng.Next(8), 6 + rng.Next(6))], 16, 12);
        }

        BoxAccuracyResult result = accumulator.Compute();

        Assert.IsNull(result.Localization.Top1Loc);
        Assert.IsNull(result.Localization.Top1Classification);
        Assert.IsNull(result.Localization.GtKnownLocAtUserTau);
        CollectionAssert.AreEqual(result.PerDelta[0].BoxAccuracyCurve.ToArray(), result.Localization.GtKnownLocCurve.ToArray());
        Assert.AreEqual(result.PerDelta[0].OptimalTauIndex, result.Localization.OptimalTauIndex);
    }

    [TestMethod]
    public void AddRange_AnyThreadCount_BitIdenticalToSequentialAdd()
    {
        var rng = new Random(17);
        var samples = new List<ScoreMapSample>();
        for (int i = 0; i < 300; i++)
        {
            double[] map = i % 2 == 0 ? AdversarialMaps.Create(rng, i, out int w, out int h) : RandomMaps.Create(rng, i, out w, out h);
            PixelBox gt = new(rng.Next(w), rng.Next(h), w - 1 + rng.Next(3), h - 1);
            samples.Add(i % 3 == 0
                ? new ScoreMapSample(RandomMaps.ToFloat(map), w, h, [gt], w, h) { ImageId = $"i{i}", TrueClass = i % 4, PredictedClass = i % 5 % 4 }
                : new ScoreMapSample(map, w, h, [gt], w, h) { ImageId = $"i{i}", TrueClass = i % 4, PredictedClass = i % 5 % 4 });
        }

        foreach (ContourMode mode in new[] { ContourMode.Single, ContourMode.Multi })
        {
            var options = new BoxAccuracyOptions { ContourMode = mode, GtResizeMode = GtResizeMode.None, KeepPerImageDetail = true, LocalizationTau = 0.25 };
            var sequential = new BoxAccuracyAccumulator(options);
            foreach (ScoreMapSample sample in samples)
            {
                sequential.Add(sample);
            }

            BoxAccuracyResult expected = sequential.Compute();
            foreach (int threads in new[] { 1, 2, 4 })
            {
                var parallel = new BoxAccuracyAccumulator(options);
                parallel.AddRange(samples, threads);
                ResultAssert.Identical(expected, parallel.Compute(), $"{mode}, {threads} threads");
            }
        }
    }

    [TestMethod]
    public void AddRange_FailingImage_AddsEarlierImagesAndNamesIt()
    {
        var samples = Enumerable.Range(0, 10).Select(i =>
        {
            var map = new double[16];
            map[i] = i == 6 ? double.NaN : 0.5;
            return new ScoreMapSample(map, 4, 4, [new PixelBox(0, 0, 1, 1)], 4, 4) { ImageId = $"birds/img{i}.jpg" };
        }).ToList();
        var accumulator = new BoxAccuracyAccumulator();

        var e = Assert.ThrowsExactly<ArgumentException>(() => accumulator.AddRange(samples, 3));

        StringAssert.Contains(e.Message, "Image 'birds/img6.jpg' (index 6)");
        StringAssert.Contains(e.Message, "NaN");
        Assert.AreEqual(6, accumulator.Count);
    }

    [TestMethod]
    public void Add_BadSample_ErrorNamesImageAndBox()
    {
        var accumulator = new BoxAccuracyAccumulator();
        var sample = new ScoreMapSample(new double[16], 4, 4, [new PixelBox(0, 0, 1, 1), new PixelBox(5, 0, 3, 1)], 8, 8) { ImageId = "x.jpg" };

        var e = Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(sample));

        StringAssert.Contains(e.Message, "Image 'x.jpg' (index 0)");
        StringAssert.Contains(e.Message, "(5, 0, 3, 1)");
        Assert.IsFalse(e.Message.Contains("(Parameter", StringComparison.Ordinal), e.Message);
    }

    [TestMethod]
    public void Add_InconsistentClasses_Throw()
    {
        var accumulator = new BoxAccuracyAccumulator();
        float[] map = new float[16];
        PixelBox[] gt = [new(0, 0, 1, 1)];
        accumulator.Add(map, 4, 4, gt, 4, 4, 1, 1);

        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(map, 4, 4, gt, 4, 4));
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(map, 4, 4, gt, 4, 4, -1, 0));
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(new ScoreMapSample(map, 4, 4, gt, 4, 4) { TrueClass = 1 }));
        Assert.AreEqual(1, accumulator.Count);
    }
}
