using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

[TestClass]
public sealed class BoxAccuracyAccumulatorTests
{
    [TestMethod]
    public void Compute_NoImages_ThrowsInvalidOperation()
    {
        var accumulator = new BoxAccuracyAccumulator();

        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Compute());

        StringAssert.Contains(ex.Message, "at least one image");
    }

    [TestMethod]
    public void Compute_OneOfThreeCorrect_CountTimes100Over3()
    {
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions { GtResizeMode = GtResizeMode.None });
        float[] map = BlockMap(10, 10, 2, 2, 5, 5); // box (2, 2, 6, 6) at every τ
        accumulator.Add(map, 10, 10, [new(2, 2, 6, 6)], 10, 10);
        accumulator.Add(map, 10, 10, [new(8, 8, 9, 9)], 10, 10);
        accumulator.Add(map, 10, 10, [new(8, 8, 9, 9)], 10, 10);

        BoxAccuracyResult result = accumulator.Compute();

        Assert.AreEqual(3, result.ImageCount);
        foreach (BoxAccuracyAtDelta d in result.PerDelta)
        {
            Assert.AreEqual(33.333333333333336, d.MaxBoxAccuracy);
            Assert.AreNotEqual(1.0 / 3 * 100, d.MaxBoxAccuracy);
            Assert.AreEqual(0, d.OptimalTauIndex);
            Assert.AreEqual(100, d.TiedTauIndices.Count);
            Assert.AreEqual(1, d.CorrectAtOptimum);
        }

        Assert.AreEqual(33.333333333333336, result.MeanMaxBoxAccuracy);
    }

    [TestMethod]
    public void Add_IouExactlyPointSeven_CorrectAtSeventyNotSeventyOne()
    {
        var options = new BoxAccuracyOptions
        {
            GtResizeMode = GtResizeMode.None,
            IouThresholds = [0.7, 0.71],
            MeanIouTauRule = MeanIouTauRule.AccDelta(0.7),
            KeepPerImageDetail = true,
        };
        var accumulator = new BoxAccuracyAccumulator(options);
        accumulator.Add(BlockMap(12, 1, 0, 0, 8, 0), 12, 1, [new(0, 0, 6, 0)], 12, 1); // box (0, 0, 9, 0)

        BoxAccuracyResult result = accumulator.Compute();

        Assert.AreEqual(0.7, result.Images![0].BestIou[0]);
        Assert.AreEqual(new PixelBox(0, 0, 9, 0), result.Images[0].Boxes![0]);
        Assert.AreEqual(100.0, result.PerDelta[0].MaxBoxAccuracy);
        Assert.AreEqual(0.0, result.PerDelta[1].MaxBoxAccuracy);
    }

    [TestMethod]
    public void Compute_HandMadeDataset_AllReadingsAndRules()
    {
        // Map 1×10: columns 0–3 at 1.0 and 4–7 at 0.4. τ = 0 → box (0, 0, 8, 0); τ = 0.5 → (0, 0, 4, 0).
        float[] map = new float[10];
        TestMaps.FillRect(map, 10, 0, 0, 3, 0, 1.0f);
        TestMaps.FillRect(map, 10, 4, 0, 7, 0, 0.4f);
        PixelBox[] gts = [new(0, 0, 3, 0), new(0, 0, 8, 0), new(0, 0, 7, 0)];
        // Best IoU per image at τ = 0 and τ = 0.5.
        double[][] iou = [[4.0 / 9, 4.0 / 5], [9.0 / 9, 5.0 / 9], [8.0 / 9, 5.0 / 8]];
        BoxAccuracyResult Run(MeanIouTauRule rule)
        {
            var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions
            {
                ThresholdStep = 0.5,
                IouThresholds = [0.5, 0.9],
                GtResizeMode = GtResizeMode.None,
                MeanIouTauRule = rule,
                KeepPerImageDetail = true,
            });
            foreach (PixelBox gt in gts)
            {
                accumulator.Add(map, 10, 1, [gt], 10, 1);
            }

            return accumulator.Compute();
        }

        BoxAccuracyResult result = Run(MeanIouTauRule.Acc50);

        CollectionAssert.AreEqual(new[] { 0.0, 0.5 }, result.Taus.ToArray());
        CollectionAssert.AreEqual(new[] { 2, 3 }, result.PerDelta[0].CorrectCurve.ToArray());
        CollectionAssert.AreEqual(new[] { 1, 0 }, result.PerDelta[1].CorrectCurve.ToArray());
        Assert.AreEqual(100.0, result.PerDelta[0].MaxBoxAccuracy);
        Assert.AreEqual(1, result.PerDelta[0].OptimalTauIndex);
        Assert.AreEqual(0.5, result.PerDelta[0].OptimalTau);
        Assert.AreEqual(1.0 * 100.0 / 3, result.PerDelta[1].MaxBoxAccuracy);
        Assert.AreEqual(0, result.PerDelta[1].OptimalTauIndex);
        Assert.AreEqual((100.0 + 1.0 * 100.0 / 3) / 2, result.MeanMaxBoxAccuracy);
        double[] curve = [(iou[0][0] + iou[1][0] + iou[2][0]) / 3, (iou[0][1] + iou[1][1] + iou[2][1]) / 3];
        CollectionAssert.AreEqual(curve, result.MeanIouCurve.ToArray());
        Assert.AreEqual(curve[1], result.PerDelta[0].MeanIouAtOptimum);
        Assert.AreEqual(curve[0], result.PerDelta[1].MeanIouAtOptimum);
        Assert.AreEqual(1, result.MeanIouTauIndex);
        Assert.AreEqual(curve[1], result.MeanIou);
        Assert.AreEqual(curve[0], result.MaxMeanIou);
        Assert.AreEqual(0, result.MaxMeanIouTauIndex);
        Assert.AreEqual((4.0 / 5 + 1.0 + 8.0 / 9) / 3, result.PerImageMeanIou);
        CollectionAssert.AreEqual(new[] { 1, 0, 0 }, result.Images!.Select(i => i.BestTauIndex).ToArray());

        Assert.AreEqual(curve[0], Run(MeanIouTauRule.Max).MeanIou);
        Assert.AreEqual(0, Run(MeanIouTauRule.AccDelta(0.9)).MeanIouTauIndex);
        Assert.AreEqual(MeanIouTauRule.Max, Run(MeanIouTauRule.Max).MeanIouTauRule);
    }

    [TestMethod]
    public void Compute_MultiMode_HoleBoxMatchesGt()
    {
        var map = new float[144];
        TestMaps.FillRect(map, 12, 3, 2, 9, 8, 0.8f);
        TestMaps.FillRect(map, 12, 5, 4, 7, 6, 0.1f);
        PixelBox[] gt = [new(4, 3, 9, 8)]; // the hole's grown box
        BoxAccuracyResult Run(ContourMode mode)
        {
            var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions
            {
                ThresholdStep = 0.5,
                ContourMode = mode,
                GtResizeMode = GtResizeMode.None,
                KeepPerImageDetail = true,
            });
            accumulator.Add(map, 12, 12, gt, 12, 12);
            return accumulator.Compute();
        }

        BoxAccuracyResult single = Run(ContourMode.Single);
        BoxAccuracyResult multi = Run(ContourMode.Multi);

        Assert.AreEqual(36.0 / 64, single.Images![0].BestIou[1]);
        Assert.AreEqual(1.0, multi.Images![0].BestIou[1]);
        Assert.AreEqual(36.0 / 64, multi.Images[0].BestIou[0], "at τ = 0 the hole is on");
        CollectionAssert.AreEqual(new[] { 1, 2 }, multi.Images[0].BoxCounts!.ToArray());
        Assert.IsNull(multi.Images[0].Boxes);
        Assert.AreEqual(ContourMode.Multi, multi.ContourMode);
        Assert.AreEqual(100.0, multi.PerDelta[4].MaxBoxAccuracy);
        Assert.AreEqual(0.0, single.PerDelta[1].MaxBoxAccuracy, "36/64 < 0.6");
    }

    [TestMethod]
    public void Add_SeveralGtBoxes_ScoresBestBox()
    {
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions { GtResizeMode = GtResizeMode.None, KeepPerImageDetail = true });

        accumulator.Add(BlockMap(10, 10, 2, 2, 5, 5), 10, 10, [new(8, 8, 9, 9), new(2, 2, 6, 5), new(0, 0, 9, 9)], 10, 10);

        Assert.AreEqual(20.0 / 25, accumulator.Compute().Images![0].BestIou[0]);
    }

    [TestMethod]
    public void Add_GtResizeModes_BoxesInMapPixels()
    {
        float[] map = BlockMap(20, 20, 2, 2, 5, 5);
        PixelBox Resized(GtResizeMode mode)
        {
            var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions { GtResizeMode = mode, KeepPerImageDetail = true });
            accumulator.Add(map, 20, 20, [new(4, 4, 11, 11)], 40, 30);
            return accumulator.Compute().Images![0].GtBoxes[0];
        }

        Assert.AreEqual(new PixelBox(2, 2, 5, 7), Resized(GtResizeMode.ScoreMap));
        Assert.AreEqual(new PixelBox(22, 29, 61, 82), Resized(GtResizeMode.Fixed));
        Assert.AreEqual(new PixelBox(4, 4, 11, 11), Resized(GtResizeMode.None));
    }

    [TestMethod]
    public void Add_FixedLengthOption_UsedForResize()
    {
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions
        {
            GtResizeMode = GtResizeMode.Fixed,
            FixedResizeLength = 448,
            KeepPerImageDetail = true,
        });

        accumulator.Add(new float[16], 4, 4, [new(45, 45, 45, 45)], 80, 160);

        Assert.AreEqual(new PixelBox(252, 126, 252, 126), accumulator.Compute().Images![0].GtBoxes[0]);
    }

    [TestMethod]
    public void Add_NoContour_ZeroBoxScoresAgainstGt()
    {
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions { GtResizeMode = GtResizeMode.None, KeepPerImageDetail = true });

        accumulator.Add(new float[16], 4, 4, [new(0, 0, 1, 1)], 4, 4);
        accumulator.Add(new float[16], 4, 4, [new(0, 0, 0, 0)], 4, 4);

        BoxAccuracyResult result = accumulator.Compute();
        Assert.IsTrue(result.Images![0].BestIou.All(v => v == 0.25));
        Assert.IsTrue(result.Images[1].BestIou.All(v => v == 1.0));
        Assert.AreEqual(50.0, result.PerDelta[4].MaxBoxAccuracy);
    }

    [TestMethod]
    public void Add_InvalidInput_ThrowsAndLeavesTalliesUnchanged()
    {
        var accumulator = new BoxAccuracyAccumulator();
        var nanMap = new float[16];
        nanMap[3] = float.NaN;

        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(nanMap, 4, 4, [new(0, 0, 1, 1)], 4, 4));
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(new float[16], 4, 4, Array.Empty<PixelBox>(), 4, 4));
        var bad = Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(new float[16], 4, 4, [new(0, 0, 1, 1), new(3, 0, 2, 1)], 4, 4));
        Assert.AreEqual("gtBoxes[1]", bad.ParamName);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => accumulator.Add(new float[16], 4, 4, [new(0, 0, 1, 1)], 0, 4));
        Assert.ThrowsExactly<ArgumentException>(() => accumulator.Add(new float[15], 4, 4, [new(0, 0, 1, 1)], 4, 4));
        Assert.ThrowsExactly<ArgumentNullException>(() => accumulator.Add(new float[16], 4, 4, null!, 4, 4));

        Assert.AreEqual(0, accumulator.Count);
        Assert.ThrowsExactly<InvalidOperationException>(() => accumulator.Compute());
    }

    [TestMethod]
    public void Compute_DetailOff_ImagesNull()
    {
        var accumulator = new BoxAccuracyAccumulator();
        accumulator.Add(new float[16], 4, 4, [new(0, 0, 1, 1)], 4, 4);

        Assert.IsNull(accumulator.Compute().Images);
    }

    [TestMethod]
    public void Add_FloatAndDoubleMaps_SameResult()
    {
        var rng = new Random(3);
        var a = new BoxAccuracyAccumulator(new BoxAccuracyOptions { ContourMode = ContourMode.Multi });
        var b = new BoxAccuracyAccumulator(new BoxAccuracyOptions { ContourMode = ContourMode.Multi });
        for (int i = 0; i < 5; i++)
        {
            float[] map32 = Enumerable.Range(0, 300).Select(_ => (float)rng.NextDouble()).ToArray();
            double[] map64 = map32.Select(v => (double)v).ToArray();
            PixelBox[] gt = [new(rng.Next(5), rng.Next(5), 10 + rng.Next(5), 8 + rng.Next(5))];
            a.Add(map32, 20, 15, gt, 40, 30);
            b.Add(map64, 20, 15, gt, 40, 30);
        }

        CollectionAssert.AreEqual(a.Compute().MeanIouCurve.ToArray(), b.Compute().MeanIouCurve.ToArray());
    }

    private static float[] BlockMap(int width, int height, int x0, int y0, int x1, int y1)
    {
        var map = new float[width * height];
        TestMaps.FillRect(map, width, x0, y0, x1, y1, 1.0f);
        return map;
    }
}
