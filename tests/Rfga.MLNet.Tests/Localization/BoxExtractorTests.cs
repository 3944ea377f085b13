using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

[TestClass]
public sealed class BoxExtractorTests
{
    // np.arange(0, 1, 0.2) = [0, 0.2, 0.4, 0.6000000000000001, 0.8], the reference tests' τ list.
    private static readonly double[] s_referenceTaus = [0.0, 0.2, 0.4, 0.6000000000000001, 0.8];

    internal static readonly double[,] UnimodalMap =
    {
        { 0.0, 0.0, 0.0, 0.0, 0.0 },
        { 0.0, 0.4, 0.4, 0.4, 0.6 },
        { 0.0, 0.4, 1.0, 0.8, 0.6 },
        { 0.0, 0.4, 0.4, 0.4, 0.6 },
    };

    internal static readonly double[,] MultimodalMap =
    {
        { 0.4, 0.0, 0.2, 0.2, 0.2 },
        { 0.4, 0.4, 0.0, 0.4, 0.0 },
        { 0.0, 0.0, 0.0, 0.4, 0.0 },
        { 1.0, 0.6, 0.8, 0.2, 0.2 },
    };

    internal static readonly PixelBox[] UnimodalBoxes = [new(1, 1, 4, 3), new(1, 1, 4, 3), new(2, 1, 4, 3), new(2, 2, 4, 3), new(2, 2, 3, 3)];

    internal static readonly PixelBox[] MultimodalBoxes = [new(0, 0, 4, 3), new(0, 0, 2, 2), new(0, 3, 3, 3), new(2, 3, 3, 3), new(0, 3, 1, 3)];

    [TestMethod]
    public void LargestComponentBox_ReferenceDegenerateZeroMap_ZeroBoxAtEveryTau()
    {
        var map = new double[9];

        foreach (double tau in s_referenceTaus)
        {
            Assert.AreEqual(new PixelBox(0, 0, 0, 0), BoxExtractor.LargestComponentBox(map, 3, 3, tau), $"τ = {tau}");
        }
    }

    [TestMethod]
    public void LargestComponentBox_ReferenceUnimodal_ExactBoxPerTau()
    {
        double[] map = TestMaps.Flatten(UnimodalMap);

        for (int i = 0; i < s_referenceTaus.Length; i++)
        {
            Assert.AreEqual(UnimodalBoxes[i], BoxExtractor.LargestComponentBox(map, 5, 4, s_referenceTaus[i]), $"τ = {s_referenceTaus[i]}");
            Assert.AreEqual(UnimodalBoxes[i], BoxExtractor.LargestComponentBox(TestMaps.ToFloat(map), 5, 4, s_referenceTaus[i]), "float32");
        }
    }

    [TestMethod]
    public void LargestComponentBox_ReferenceMultimodal_ExactBoxPerTau()
    {
        double[] map = TestMaps.Flatten(MultimodalMap);

        for (int i = 0; i < s_referenceTaus.Length; i++)
        {
            Assert.AreEqual(MultimodalBoxes[i], BoxExtractor.LargestComponentBox(map, 5, 4, s_referenceTaus[i]), $"τ = {s_referenceTaus[i]}");
            Assert.AreEqual(MultimodalBoxes[i], BoxExtractor.LargestComponentBox(TestMaps.ToFloat(map), 5, 4, s_referenceTaus[i]), "float32");
        }
    }

    [TestMethod]
    public void LargestComponentBox_ReferenceNaNMap_Rejected()
    {
        double[] map = Enumerable.Repeat(double.NaN, 9).ToArray();

        Assert.ThrowsExactly<ArgumentException>(() => BoxExtractor.LargestComponentBox(map, 3, 3, 0.2));
        Assert.ThrowsExactly<ArgumentException>(() => BoxExtractor.AllComponentBoxes(map, 3, 3, 0.2));
    }

    [TestMethod]
    public void LargestComponentBox_StrictThreshold_EqualLevelIsOff()
    {
        // Row 2, columns 1–7 at q = 50 and column 4 at q = 100, so M = 100.
        var map = new float[5 * 9];
        TestMaps.FillRect(map, 9, 1, 2, 7, 2, (float)(50.5 / 255));
        map[2 * 9 + 4] = (float)(100.5 / 255);

        Assert.AreEqual(49, ScoreMapQuantizer.Threshold(0.49, 100));
        Assert.AreEqual(new PixelBox(1, 2, 8, 3), BoxExtractor.LargestComponentBox(map, 9, 5, 0.49));
        Assert.AreEqual(new PixelBox(4, 2, 5, 3), BoxExtractor.LargestComponentBox(map, 9, 5, 0.5), "q = thr = 50 is off");
    }

    [TestMethod]
    public void LargestComponentBox_TauZero_ZeroLevelPixelsOff()
    {
        var map = new float[4 * 4];
        TestMaps.FillRect(map, 4, 1, 1, 2, 1, 0.5f);

        Assert.AreEqual(new PixelBox(1, 1, 3, 2), BoxExtractor.LargestComponentBox(map, 4, 4, 0.0));
    }

    [TestMethod]
    public void Boxes_ConstantHalfMap_WholeImageClamped()
    {
        float[] map = Enumerable.Repeat(0.5f, 7 * 11).ToArray();

        foreach (double tau in new ThresholdGrid(0.01))
        {
            Assert.AreEqual(new PixelBox(0, 0, 10, 6), BoxExtractor.LargestComponentBox(map, 11, 7, tau), $"τ = {tau}");
        }

        CollectionAssert.AreEqual(new[] { new PixelBox(0, 0, 10, 6) }, BoxExtractor.AllComponentBoxes(map, 11, 7, 0.5).ToArray());
    }

    [TestMethod]
    public void Boxes_ConstantMapBelowOneLevel_ZeroBoxInBothModes()
    {
        float[] map = Enumerable.Repeat((float)(0.9 / 255), 7 * 11).ToArray();

        foreach (double tau in new ThresholdGrid(0.01))
        {
            Assert.AreEqual(new PixelBox(0, 0, 0, 0), BoxExtractor.LargestComponentBox(map, 11, 7, tau));
            CollectionAssert.AreEqual(new[] { new PixelBox(0, 0, 0, 0) }, BoxExtractor.AllComponentBoxes(map, 11, 7, tau).ToArray());
        }
    }

    [TestMethod]
    public void LargestComponentBox_TauOne_NothingOnZeroBox()
    {
        float[] map = Enumerable.Repeat(1.0f, 16).ToArray();

        Assert.AreEqual(new PixelBox(0, 0, 0, 0), BoxExtractor.LargestComponentBox(map, 4, 4, 1.0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BoxExtractor.LargestComponentBox(map, 4, 4, 1.01));
    }

    [TestMethod]
    public void LargestComponentBox_InteriorBlock_OnePastLastPixel()
    {
        var mask = new bool[100];
        TestMaps.FillRect(mask, 10, 2, 3, 5, 4, true);

        Assert.AreEqual(new PixelBox(2, 3, 6, 5), BoxExtractor.LargestComponentBox(mask, 10, 10));
    }

    [TestMethod]
    public void LargestComponentBox_CornerBlock_ClampedToImage()
    {
        var mask = new bool[100];
        TestMaps.FillRect(mask, 10, 7, 8, 9, 9, true);

        Assert.AreEqual(new PixelBox(7, 8, 9, 9), BoxExtractor.LargestComponentBox(mask, 10, 10));
    }

    [TestMethod]
    public void Boxes_BlockWithHole_SingleIgnoresHoleMultiAddsGrownHoleBox()
    {
        var mask = new bool[144];
        TestMaps.FillRect(mask, 12, 3, 2, 9, 8, true);
        TestMaps.FillRect(mask, 12, 5, 4, 7, 6, false);

        Assert.AreEqual(new PixelBox(3, 2, 10, 9), BoxExtractor.LargestComponentBox(mask, 12, 12));
        CollectionAssert.AreEquivalent(
            new[] { new PixelBox(3, 2, 10, 9), new PixelBox(4, 3, 9, 8) },
            BoxExtractor.AllComponentBoxes(mask, 12, 12).ToArray());
    }

    [TestMethod]
    public void Boxes_BlockWithHoleFromMap_SameAsMask()
    {
        var map = new float[144];
        TestMaps.FillRect(map, 12, 3, 2, 9, 8, 0.8f);
        TestMaps.FillRect(map, 12, 5, 4, 7, 6, 0.1f);

        Assert.AreEqual(new PixelBox(3, 2, 10, 9), BoxExtractor.LargestComponentBox(map, 12, 12, 0.5));
        CollectionAssert.AreEquivalent(
            new[] { new PixelBox(3, 2, 10, 9), new PixelBox(4, 3, 9, 8) },
            BoxExtractor.AllComponentBoxes(map, 12, 12, 0.5).ToArray());
        Assert.AreEqual(1, BoxExtractor.AllComponentBoxes(map, 12, 12, 0.0).Count, "at τ = 0 the hole is on");
    }

    [TestMethod]
    public void LargestComponentBox_EqualAreas_LaterFirstPixelWins()
    {
        var mask = new bool[400];
        TestMaps.FillRect(mask, 20, 1, 1, 5, 2, true);     // 2×5 block: 10 px, area 4
        TestMaps.FillRect(mask, 20, 10, 10, 12, 12, true); // 3×3 block: 9 px, area 4

        Assert.AreEqual(new PixelBox(10, 10, 13, 13), BoxExtractor.LargestComponentBox(mask, 20, 20));
    }

    [TestMethod]
    public void LargestComponentBox_EqualAreasSwapped_LaterFirstPixelStillWins()
    {
        var mask = new bool[400];
        TestMaps.FillRect(mask, 20, 1, 1, 3, 3, true);     // 3×3 block first
        TestMaps.FillRect(mask, 20, 10, 10, 14, 11, true); // 2×5 block later

        Assert.AreEqual(new PixelBox(10, 10, 15, 12), BoxExtractor.LargestComponentBox(mask, 20, 20));
    }

    [TestMethod]
    public void LargestComponentBox_LineVersusSquare_AreaNotPixelCount()
    {
        var mask = new bool[400];
        TestMaps.FillRect(mask, 20, 2, 15, 13, 15, true); // 12-px line, area 0
        TestMaps.FillRect(mask, 20, 2, 2, 3, 3, true);    // 2×2 block, area 1

        Assert.AreEqual(new PixelBox(2, 2, 4, 4), BoxExtractor.LargestComponentBox(mask, 20, 20));
    }

    [TestMethod]
    public void LargestComponentBox_RingVersusSolid_FilledHolesCount()
    {
        var mask = new bool[400];
        TestMaps.FillRect(mask, 20, 1, 1, 7, 7, true);      // 7×7 ring: 24 px, area 36
        TestMaps.FillRect(mask, 20, 2, 2, 6, 6, false);
        TestMaps.FillRect(mask, 20, 10, 10, 14, 15, true);  // 6×5 solid: 30 px, area 20

        Assert.AreEqual(new PixelBox(1, 1, 8, 8), BoxExtractor.LargestComponentBox(mask, 20, 20));
    }

    [TestMethod]
    public void Boxes_DiagonalLine_OneEightConnectedComponent()
    {
        var mask = new bool[36];
        for (int i = 0; i < 6; i++)
        {
            mask[i * 6 + i] = true;
        }

        CollectionAssert.AreEqual(new[] { new PixelBox(0, 0, 5, 5) }, BoxExtractor.AllComponentBoxes(mask, 6, 6).ToArray());
        Assert.AreEqual(new PixelBox(0, 0, 5, 5), BoxExtractor.LargestComponentBox(mask, 6, 6));
    }

    [TestMethod]
    public void AllComponentBoxes_DiagonallyTouchingHoles_TwoFourConnectedHoles()
    {
        var mask = new bool[36];
        TestMaps.FillRect(mask, 6, 1, 1, 4, 4, true);
        mask[2 * 6 + 2] = false;
        mask[3 * 6 + 3] = false;

        CollectionAssert.AreEquivalent(
            new[] { new PixelBox(1, 1, 5, 5), new PixelBox(1, 1, 4, 4), new PixelBox(2, 2, 5, 5) },
            BoxExtractor.AllComponentBoxes(mask, 6, 6).ToArray());
    }

    [TestMethod]
    public void AllComponentBoxes_IslandInsideRing_NestedComponentIncluded()
    {
        var mask = new bool[144];
        TestMaps.FillRect(mask, 12, 1, 1, 9, 9, true);
        TestMaps.FillRect(mask, 12, 2, 2, 8, 8, false);
        mask[5 * 12 + 5] = true;

        IReadOnlyList<PixelBox> boxes = BoxExtractor.AllComponentBoxes(mask, 12, 12);

        CollectionAssert.AreEquivalent(
            new[] { new PixelBox(1, 1, 10, 10), new PixelBox(1, 1, 10, 10), new PixelBox(5, 5, 6, 6) },
            boxes.ToArray());
        Assert.AreEqual(new PixelBox(1, 1, 10, 10), BoxExtractor.LargestComponentBox(mask, 12, 12), "the nested island never wins");
    }

    [TestMethod]
    public void LargestComponentBox_DiagonalGapInWall_OffPixelStaysEnclosed()
    {
        // A closed 8-connected diamond: its inside reaches the outside only diagonally, so it is a hole and
        // the diamond's filled area (windows of the filled set) beats a 2×3 block's area 2.
        var mask = new bool[12 * 12];
        int[] xs = [3, 2, 4, 1, 5, 2, 4, 3];
        int[] ys = [1, 2, 2, 3, 3, 4, 4, 5];
        for (int i = 0; i < xs.Length; i++)
        {
            mask[ys[i] * 12 + xs[i]] = true;
        }

        TestMaps.FillRect(mask, 12, 8, 8, 10, 9, true);

        Assert.AreEqual(new PixelBox(1, 1, 6, 6), BoxExtractor.LargestComponentBox(mask, 12, 12));
        Assert.AreEqual(3, BoxExtractor.AllComponentBoxes(mask, 12, 12).Count, "diamond, its hole, block");
    }
}
