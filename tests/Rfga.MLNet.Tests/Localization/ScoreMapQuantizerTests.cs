using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

[TestClass]
public sealed class ScoreMapQuantizerTests
{
    [TestMethod]
    public void Quantize_Float32Values_FloorOfTimes255()
    {
        float[] map = [0.0f, 1.0f, 0.5f, 0.2f, 0.999f];
        var levels = new byte[5];

        int peak = ScoreMapQuantizer.Quantize(map, 5, 1, levels);

        CollectionAssert.AreEqual(new byte[] { 0, 255, 127, 51, 254 }, levels);
        Assert.AreEqual(255, peak);
    }

    [TestMethod]
    public void Quantize_Float32OfEveryLevel_GivesThatLevel()
    {
        var map = new float[256];
        for (int k = 0; k < 256; k++)
        {
            map[k] = (float)(k / 255.0);
        }

        var levels = new byte[256];
        ScoreMapQuantizer.Quantize(map, 16, 16, levels);

        for (int k = 0; k < 256; k++)
        {
            Assert.AreEqual(k, levels[k], $"float32({k}/255)");
        }
    }

    [TestMethod]
    public void Quantize_PeakBelowOne_PeakIsMaxLevelNot255()
    {
        double[] map = [0.1, 100.5 / 255, 0.2];
        var levels = new byte[3];

        Assert.AreEqual(100, ScoreMapQuantizer.Quantize(map, 3, 1, levels));
        Assert.AreEqual(0, ScoreMapQuantizer.Quantize(new double[] { 0.9 / 255, 0.0 }, 2, 1, levels));
    }

    [TestMethod]
    public void Quantize_JustAboveOneOrBelowZero_Rejected()
    {
        var levels = new byte[2];

        var high = Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => ScoreMapQuantizer.Quantize(new[] { 0.5f, 1.0000001f }, 2, 1, levels));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => ScoreMapQuantizer.Quantize(new[] { -1e-9f, 0.5f }, 2, 1, levels));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(
            () => ScoreMapQuantizer.Validate(new[] { 0.5, double.PositiveInfinity }, 2, 1));
        StringAssert.Contains(high.Message, "index 1");
    }

    [TestMethod]
    public void Validate_NaN_RejectedNamingIndex()
    {
        var map = new double[9];
        map[7] = double.NaN;

        var ex = Assert.ThrowsExactly<ArgumentException>(() => ScoreMapQuantizer.Validate(map, 3, 3));

        StringAssert.Contains(ex.Message, "index 7");
        StringAssert.Contains(ex.Message, "x=1, y=2");
        StringAssert.Contains(ex.Message, "NaN");
    }

    [TestMethod]
    public void Validate_LengthMismatchOrEmptySide_Rejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => ScoreMapQuantizer.Validate(new float[6], 4, 2));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ScoreMapQuantizer.Validate(new float[0], 0, 3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ScoreMapQuantizer.Validate(new float[0], 3, 0));
    }

    [TestMethod]
    public void Level_Value_TruncatesNotRounds()
    {
        Assert.AreEqual(127, ScoreMapQuantizer.Level(0.5)); // 127.5 → 127
        Assert.AreEqual(254, ScoreMapQuantizer.Level(0.999)); // 254.745 → 254
        Assert.AreEqual(255, ScoreMapQuantizer.Level(1.0));
    }

    [TestMethod]
    public void Threshold_Tau29AtPeak100_Is28()
    {
        double tau29 = new ThresholdGrid(0.01)[29];

        Assert.AreEqual(28.999999999999996, tau29 * 100);
        Assert.AreEqual(28, ScoreMapQuantizer.Threshold(tau29, 100));
    }

    [TestMethod]
    public void Threshold_WorkedExamples_MatchFloat64Product()
    {
        var grid = new ThresholdGrid(0.01);

        Assert.AreEqual(28, ScoreMapQuantizer.Threshold(grid[58], 50));
        Assert.AreEqual(63, ScoreMapQuantizer.Threshold(grid[35], 180));
        Assert.AreEqual(62, (int)Math.Truncate(35 / 100.0 * 180), "the (i/100)·M variant differs");
    }

    [TestMethod]
    public void Threshold_IntegerVariantDiffers_OnlyAtListedPairs()
    {
        var grid = new ThresholdGrid(0.01);
        var integerDiffers = new System.Collections.Generic.List<(int, int)>();
        var quotientDiffers = new System.Collections.Generic.List<(int, int)>();
        for (int m = 0; m <= 255; m++)
        {
            for (int i = 0; i < grid.Count; i++)
            {
                int thr = ScoreMapQuantizer.Threshold(grid[i], m);
                if (thr != i * m / 100)
                {
                    integerDiffers.Add((i, m));
                }

                if (thr != (int)Math.Truncate(i / 100.0 * m))
                {
                    quotientDiffers.Add((i, m));
                }
            }
        }

        CollectionAssert.AreEqual(new[] { (58, 50), (29, 100), (58, 100), (29, 200), (58, 200) }, SortByPeak(integerDiffers));
        CollectionAssert.AreEqual(
            new[] { (70, 90), (57, 100), (82, 150), (70, 170), (35, 180), (70, 180), (57, 200) },
            SortByPeak(quotientDiffers));
    }

    [TestMethod]
    public void Threshold_TauOutsideUnitInterval_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ScoreMapQuantizer.Threshold(-0.1, 100));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ScoreMapQuantizer.Threshold(double.NaN, 100));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ScoreMapQuantizer.Threshold(0.5, 256));
    }

    private static (int, int)[] SortByPeak(System.Collections.Generic.List<(int I, int M)> pairs)
    {
        pairs.Sort((a, b) => a.M != b.M ? a.M.CompareTo(b.M) : a.I.CompareTo(b.I));
        return pairs.ToArray();
    }
}
