using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

[TestClass]
public sealed class BoxSweepTests
{
    [TestMethod]
    public void ComputeSingle_ReferenceMaps_ExactBoxPerTau()
    {
        var sweep = new BoxSweep(new ThresholdGrid(0.2));

        CollectionAssert.AreEqual(BoxExtractorTests.UnimodalBoxes, sweep.ComputeSingle(TestMaps.Flatten(BoxExtractorTests.UnimodalMap), 5, 4));
        CollectionAssert.AreEqual(BoxExtractorTests.MultimodalBoxes, sweep.ComputeSingle(TestMaps.Flatten(BoxExtractorTests.MultimodalMap), 5, 4));
        CollectionAssert.AreEqual(Enumerable.Repeat(new PixelBox(0, 0, 0, 0), 5).ToArray(), sweep.ComputeSingle(new double[9], 3, 3));
    }

    [TestMethod]
    public void ComputeSingle_PeakBelow255_UsesTruncatedFloat64Threshold()
    {
        // M = 100: a large block at q = 29 and one peak pixel at q = 100. τ_29·100 = 28.999999999999996 → thr 28,
        // so the block is still on at τ index 29 (an integer (29·100)/100 = 29 threshold would drop it).
        var map = new float[12 * 12];
        TestMaps.FillRect(map, 12, 0, 0, 8, 3, (float)(29.5 / 255));
        map[8 * 12 + 8] = (float)(100.5 / 255);
        var sweep = new BoxSweep(new ThresholdGrid(0.01));

        PixelBox[] boxes = sweep.ComputeSingle(map, 12, 12);

        Assert.AreEqual(100, sweep.Peak);
        Assert.AreEqual(28, sweep.ThresholdAt(29));
        Assert.AreEqual(new PixelBox(0, 0, 9, 4), boxes[29]);
        Assert.AreEqual(new PixelBox(8, 8, 9, 9), boxes[30]);
    }

    [TestMethod]
    public void ThresholdAt_PairsWhereVariantsDiffer_TruncatedFloat64Product()
    {
        // (i, M, trunc(τ_i·M)) where integer (i·M)/100, (i/100)·M or a float32 product would differ; values from numpy.
        (int I, int M, int Thr)[] cases =
        [
            (58, 50, 28), (29, 100, 28), (58, 100, 57), (29, 200, 57), (58, 200, 115),
            (70, 90, 63), (57, 100, 57), (82, 150, 123), (70, 170, 119), (35, 180, 63), (70, 180, 126), (57, 200, 114),
            (84, 75, 63), (53, 100, 53), (59, 100, 59), (42, 150, 63), (78, 150, 117), (84, 150, 126), (65, 180, 117),
            (53, 200, 106), (59, 200, 118), (52, 225, 117),
        ];
        var sweep = new BoxSweep(new ThresholdGrid(0.01));
        foreach ((int i, int m, int thr) in cases)
        {
            var map = new float[9];
            map[4] = (float)((m + 0.5) / 255);

            sweep.ComputeSingle(map, 3, 3);

            Assert.AreEqual(m, sweep.Peak);
            Assert.AreEqual(thr, sweep.ThresholdAt(i), $"i = {i}, M = {m}");
        }
    }

    [TestMethod]
    public void ComputeSingle_PeakBelow255_RelativeToPeakNot255()
    {
        // Peak q = 100 and a block at q = 60: at τ = 0.5 the threshold is trunc(0.5·100) = 50, so the block is on
        // (a threshold relative to 255, 127, would leave only the peak).
        var map = new float[10 * 10];
        TestMaps.FillRect(map, 10, 0, 0, 5, 5, (float)(60.5 / 255));
        map[8 * 10 + 8] = (float)(100.5 / 255);

        PixelBox[] boxes = new BoxSweep(new ThresholdGrid(0.01)).ComputeSingle(map, 10, 10);

        Assert.AreEqual(new PixelBox(0, 0, 6, 6), boxes[50]);
        Assert.AreEqual(new PixelBox(8, 8, 9, 9), boxes[60]);
    }

    [TestMethod]
    public void ComputeSingle_ManyTaus_LabelsEachDistinctThresholdOnce()
    {
        var rng = new Random(7);
        float[] map = Enumerable.Range(0, 32 * 32).Select(_ => (float)(rng.NextDouble() * 0.5)).ToArray();
        var sweep = new BoxSweep(new ThresholdGrid(0.001));

        sweep.ComputeSingle(map, 32, 32);

        int distinct = Enumerable.Range(0, 1000).Select(sweep.ThresholdAt).Distinct().Count();
        Assert.AreEqual(distinct, sweep.DistinctThresholdCount);
        Assert.IsTrue(sweep.DistinctThresholdCount <= sweep.Peak, $"{sweep.DistinctThresholdCount} > M = {sweep.Peak}");
    }

    [TestMethod]
    public void ComputeSingle_ReusedAcrossSizes_MatchesFreshExtractor()
    {
        var sweep = new BoxSweep(new ThresholdGrid(0.05));
        var rng = new Random(11);
        foreach ((int w, int h) in new[] { (40, 30), (3, 5), (25, 25), (1, 9), (9, 1), (40, 30) })
        {
            float[] map = Enumerable.Range(0, w * h).Select(_ => (float)rng.NextDouble()).ToArray();

            PixelBox[] boxes = sweep.ComputeSingle(map, w, h);

            for (int i = 0; i < boxes.Length; i++)
            {
                Assert.AreEqual(BoxExtractor.LargestComponentBox(map, w, h, sweep.Taus[i]), boxes[i], $"{w}×{h}, τ index {i}");
            }
        }
    }

    [TestMethod]
    public void ComputeMulti_HoleMap_OuterAndHoleBoxesPerTau()
    {
        var map = new float[144];
        TestMaps.FillRect(map, 12, 3, 2, 9, 8, 0.8f);
        TestMaps.FillRect(map, 12, 5, 4, 7, 6, 0.1f);
        var sweep = new BoxSweep([0.0, 0.5, 0.99]);

        sweep.ComputeMulti(map, 12, 12);

        CollectionAssert.AreEqual(new[] { new PixelBox(3, 2, 10, 9) }, sweep.MultiBoxesAt(0).ToArray());
        CollectionAssert.AreEquivalent(new[] { new PixelBox(3, 2, 10, 9), new PixelBox(4, 3, 9, 8) }, sweep.MultiBoxesAt(1).ToArray());
        CollectionAssert.AreEquivalent(new[] { new PixelBox(3, 2, 10, 9), new PixelBox(4, 3, 9, 8) }, sweep.MultiBoxesAt(2).ToArray());
    }

    [TestMethod]
    public void ComputeMulti_NothingOn_ZeroBoxAlone()
    {
        var sweep = new BoxSweep(new ThresholdGrid(0.1));

        sweep.ComputeMulti(Enumerable.Repeat((float)(0.9 / 255), 20).ToArray(), 5, 4);

        for (int i = 0; i < 10; i++)
        {
            CollectionAssert.AreEqual(new[] { new PixelBox(0, 0, 0, 0) }, sweep.MultiBoxesAt(i).ToArray());
        }
    }

    [TestMethod]
    public void MultiBoxesAt_AfterSingleOnly_Throws()
    {
        var sweep = new BoxSweep(new ThresholdGrid(0.5));
        sweep.ComputeSingle(new float[4], 2, 2);

        Assert.ThrowsExactly<InvalidOperationException>(() => sweep.MultiBoxesAt(0).ToArray());
    }

    [TestMethod]
    public void Constructor_BadTaus_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new BoxSweep(Array.Empty<double>()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new BoxSweep([0.1, 1.5]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new BoxSweep([double.NaN]));
        Assert.ThrowsExactly<ArgumentNullException>(() => new BoxSweep(null!));
    }

    [TestMethod]
    public void ComputeSingle_ShortDestinationOrBadMap_Throws()
    {
        var sweep = new BoxSweep(new ThresholdGrid(0.1));

        Assert.ThrowsExactly<ArgumentException>(() => sweep.ComputeSingle(new float[4], 2, 2, new PixelBox[9]));
        Assert.ThrowsExactly<ArgumentException>(() => sweep.ComputeSingle(new float[5], 2, 2));
        Assert.ThrowsExactly<ArgumentException>(() => sweep.ComputeSingle(new[] { 0f, float.NaN, 0f, 0f }, 2, 2));
    }

    [TestMethod]
    public void ComputeSingle_UnsortedTaus_SameAsSortedPerTau()
    {
        double[] taus = [0.8, 0.0, 0.6000000000000001, 0.2, 0.4];
        var sweep = new BoxSweep(taus);

        PixelBox[] boxes = sweep.ComputeSingle(TestMaps.Flatten(BoxExtractorTests.UnimodalMap), 5, 4);

        PixelBox[] expected = [.. new[] { 4, 0, 3, 1, 2 }.Select(i => BoxExtractorTests.UnimodalBoxes[i])];
        CollectionAssert.AreEqual(expected, boxes);
        IReadOnlyList<double> kept = sweep.Taus;
        CollectionAssert.AreEqual(taus, kept.ToArray());
    }
}
