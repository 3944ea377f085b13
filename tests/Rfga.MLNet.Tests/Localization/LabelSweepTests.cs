using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>
/// <see cref="LabelSweep"/> (labels in a byte plane, AVX-512) against <see cref="ComponentForest"/> (union-find), the
/// single-contour sweep it replaces where it runs: the same box and contour area at every threshold, on random,
/// adversarial and noisy CAM-like maps; the same for the multi contour's components; and the hand-over to the union-find
/// when more than 256 sets live at once.
/// </summary>
[TestClass]
public sealed class LabelSweepTests
{
    [TestMethod]
    public void TrySweepFilled_RandomAdversarialAndCamLikeMaps_EqualsComponentForest()
    {
        if (!LabelSweep.IsSupported) Assert.Inconclusive("AVX-512 BW is not available: BoxSweep uses ComponentForest only.");
        var rng = new Random(77);
        var labels = new LabelSweep();
        var forest = new ComponentForest();
        int swept = 0, merges = 0;
        for (int m = 0; m < 1500; m++)
        {
            LevelGrid grid = Map(rng, m, out int w, out int h, out int[] descending);
            if (descending.Length == 0) continue;
            var expectedBoxes = new PixelBox[LevelGrid.LevelCount];
            var expectedAreas = new int[LevelGrid.LevelCount];
            var boxes = new PixelBox[LevelGrid.LevelCount];
            var areas = new int[LevelGrid.LevelCount];

            forest.SweepFilled(grid, descending, expectedBoxes, expectedAreas);
            if (!labels.TrySweepFilled(grid, descending, boxes, areas)) continue; // too many specks: the forest's job

            swept++;
            foreach (int t in descending)
            {
                Assert.AreEqual(expectedBoxes[t], boxes[t], $"map {m} ({w}×{h}), threshold {t}: box");
                Assert.AreEqual(expectedAreas[t], areas[t], $"map {m} ({w}×{h}), threshold {t}: area");
            }

            merges += descending.Count(t => t > 0 && boxes[t] != boxes[t - 1]);
        }

        Assert.IsTrue(swept > 1200, $"the label sweep ran on {swept} of 1500 maps");
        Assert.IsTrue(merges > 1000, "boxes change between thresholds often enough to exercise merges");
    }

    [TestMethod]
    public void TrySweepFilled_MoreThan255SetsAlive_ReturnsFalseAndBoxSweepStillMatchesTheOracle()
    {
        double[] map = Specks(out LevelGrid grid, out int[] descending);

        if (LabelSweep.IsSupported)
        {
            Assert.IsFalse(new LabelSweep().TrySweepFilled(grid, descending, new PixelBox[LevelGrid.LevelCount], new int[LevelGrid.LevelCount]));
        }

        var sweep = new BoxSweep(new ThresholdGrid(0.01));
        PixelBox[] boxes = sweep.ComputeSingle(map, Side, Side);
        int[] q = PerTauOracle.Levels(map);
        for (int i = 0; i < sweep.Taus.Count; i++)
        {
            int threshold = PerTauOracle.Threshold(sweep.Taus[i], q.Max());
            PixelBox expected = threshold >= q.Max() ? new PixelBox(0, 0, 0, 0) : PerTauOracle.Single(q, Side, Side, threshold);
            Assert.AreEqual(expected, boxes[i], $"τ {sweep.Taus[i]}");
        }
    }

    [TestMethod]
    public void TrySweepComponents_RandomAdversarialAndCamLikeMaps_EqualsComponentForest()
    {
        if (!LabelSweep.IsSupported) Assert.Inconclusive("AVX-512 BW is not available: BoxSweep uses ComponentForest only.");
        var rng = new Random(78);
        var labels = new LabelSweep();
        var forest = new ComponentForest();
        var noHoles = new int[LevelGrid.LevelCount];
        int swept = 0, several = 0;
        for (int m = 0; m < 900; m++)
        {
            LevelGrid grid = Map(rng, m, out int w, out int h, out int[] descending);
            if (descending.Length == 0) continue;
            var expected = new List<PixelBox>();
            var expectedStart = new int[LevelGrid.LevelCount];
            var expectedCount = new int[LevelGrid.LevelCount];
            var actual = new List<PixelBox>();
            var start = new int[LevelGrid.LevelCount];
            var count = new int[LevelGrid.LevelCount];

            forest.SweepComponents(grid, descending, new MultiBoxOutput(expected, noHoles, noHoles, expectedStart, expectedCount));
            if (!labels.TrySweepComponents(grid, descending, new MultiBoxOutput(actual, noHoles, noHoles, start, count))) continue;

            swept++;
            foreach (int t in descending)
            {
                // The same sets, in another order.
                CollectionAssert.AreEquivalent(expected.GetRange(expectedStart[t], expectedCount[t]), actual.GetRange(start[t], count[t]),
                    $"map {m} ({w}×{h}), threshold {t}");
                several += count[t] > 1 ? 1 : 0;
            }
        }

        Assert.IsTrue(swept > 500, $"the label sweep ran on {swept} of 900 maps");
        Assert.IsTrue(several > 1000, "thresholds with several components occur often enough");
    }

    [TestMethod]
    public void TrySweepComponents_MoreThan255SetsAlive_ReturnsFalseAndBoxSweepStillMatchesTheOracle()
    {
        double[] map = Specks(out LevelGrid grid, out int[] descending);

        if (LabelSweep.IsSupported)
        {
            var none = new int[LevelGrid.LevelCount];
            Assert.IsFalse(new LabelSweep().TrySweepComponents(grid, descending,
                new MultiBoxOutput([], none, none, new int[LevelGrid.LevelCount], new int[LevelGrid.LevelCount])));
        }

        var sweep = new BoxSweep(new ThresholdGrid(0.01));
        sweep.ComputeMulti(map, Side, Side);
        int[] q = PerTauOracle.Levels(map);
        for (int i = 0; i < sweep.Taus.Count; i++)
        {
            int threshold = PerTauOracle.Threshold(sweep.Taus[i], q.Max());
            List<PixelBox> expected = threshold >= q.Max() ? [new PixelBox(0, 0, 0, 0)] : PerTauOracle.Multi(q, Side, Side, threshold);
            CollectionAssert.AreEquivalent(expected, sweep.MultiBoxesAt(i).ToArray(), $"τ {sweep.Taus[i]}");
        }
    }

    private const int Side = 70;

    // Map m of the equivalence tests (adversarial, random or noisy CAM-like, in turn), loaded, with every threshold
    // below its peak in descending order.
    private static LevelGrid Map(Random rng, int m, out int w, out int h, out int[] descending)
    {
        float[] map = (m % 3) switch
        {
            0 => RandomMaps.ToFloat(AdversarialMaps.Create(rng, m, out w, out h, maxSide: 90)),
            1 => RandomMaps.ToFloat(RandomMaps.Create(rng, m, out w, out h, maxSide: 90)),
            _ => CamLikeMaps.Create(rng, w = 40 + rng.Next(190), h = 40 + rng.Next(190)),
        };
        var grid = new LevelGrid();
        grid.Load(map, w, h);
        descending = Enumerable.Range(0, grid.Peak).Reverse().ToArray();
        return grid;
    }

    // 1,024 isolated pixels at one level, two apart (not 8-adjacent), around a blob with a one-level hole: 1,025 sets
    // alive at once (filled or not). Side × Side.
    private static double[] Specks(out LevelGrid grid, out int[] descending)
    {
        var map = new double[Side * Side];
        for (int y = 2; y < 66; y += 2)
            for (int x = 2; x < 66; x += 2)
                map[y * Side + x] = 0.6;
        for (int y = 30; y < 40; y++)
            for (int x = 30; x < 40; x++)
                map[y * Side + x] = y is 34 or 35 && x is 34 or 35 ? 0.1 : 0.9;
        grid = new LevelGrid();
        grid.Load(map, Side, Side);
        descending = Enumerable.Range(0, grid.Peak).Reverse().ToArray();
        return map;
    }
}
