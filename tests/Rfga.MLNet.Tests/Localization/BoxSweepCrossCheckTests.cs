using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>The library's boxes against <see cref="NaiveContours"/>, an independent literal implementation.</summary>
[TestClass]
public sealed class BoxSweepCrossCheckTests
{
    private const int MapCount = 400;

    [TestMethod]
    public void ComputeSingle_RandomMaps_MatchesNaiveListing()
    {
        var rng = new Random(20240611);
        var sweep = new BoxSweep(new ThresholdGrid(0.05));
        int below255 = 0;
        for (int m = 0; m < MapCount; m++)
        {
            double[] map = RandomMaps.Create(rng, m, out int w, out int h);

            PixelBox[] boxes = sweep.ComputeSingle(map, w, h);

            below255 += sweep.Peak < 255 ? 1 : 0;
            for (int i = 0; i < boxes.Length; i++)
            {
                PixelBox expected = NaiveContours.Largest(NaiveContours.Binarize(map, w, h, sweep.Taus[i]));
                Assert.AreEqual(expected, boxes[i], $"map {m} ({w}×{h}, M = {sweep.Peak}), τ = {sweep.Taus[i]}");
            }
        }

        Assert.IsTrue(below255 > MapCount / 2, $"only {below255} maps peak below 255");
    }

    [TestMethod]
    public void ComputeMulti_RandomMaps_MatchesNaiveListing()
    {
        var rng = new Random(77);
        var sweep = new BoxSweep(new ThresholdGrid(0.05));
        int withHoles = 0;
        for (int m = 0; m < MapCount; m++)
        {
            double[] map = RandomMaps.Create(rng, m, out int w, out int h);

            float[] map32 = RandomMaps.ToFloat(map);
            double[] widened = map32.Select(v => (double)v).ToArray();

            sweep.ComputeMulti(map32, w, h);

            for (int i = 0; i < sweep.Taus.Count; i++)
            {
                bool[,] on = NaiveContours.Binarize(widened, w, h, sweep.Taus[i]);
                List<PixelBox> expected = NaiveContours.All(on);
                PixelBox[] actual = sweep.MultiBoxesAt(i).ToArray();
                CollectionAssert.AreEquivalent(expected, actual, $"map {m} ({w}×{h}), τ = {sweep.Taus[i]}");
                withHoles += expected.Count > CountComponents(on) ? 1 : 0;
            }
        }

        Assert.IsTrue(withHoles > 100, $"only {withHoles} (map, τ) pairs had holes");
    }

    [TestMethod]
    public void ComputeSingle_BlobMapsFineGrid_MatchesNaiveListing()
    {
        var rng = new Random(5);
        var sweep = new BoxSweep(new ThresholdGrid(0.01));
        for (int m = 0; m < 60; m++)
        {
            double[] map = RandomMaps.Create(rng, 2 + 5 * m, out int w, out int h, maxSide: 14);
            float[] map32 = RandomMaps.ToFloat(map);
            double[] widened = map32.Select(v => (double)v).ToArray();

            PixelBox[] boxes = sweep.ComputeSingle(map32, w, h);

            for (int i = 0; i < boxes.Length; i++)
            {
                PixelBox expected = NaiveContours.Largest(NaiveContours.Binarize(widened, w, h, sweep.Taus[i]));
                Assert.AreEqual(expected, boxes[i], $"map {m} ({w}×{h}, M = {sweep.Peak}), τ index {i}");
            }
        }
    }

    [TestMethod]
    public void Extractor_RandomMapsSingleTau_MatchesNaiveListing()
    {
        var rng = new Random(99);
        for (int m = 0; m < MapCount; m++)
        {
            double[] map = RandomMaps.Create(rng, m, out int w, out int h);
            double tau = rng.Next(100) * 0.01;
            bool[,] on = NaiveContours.Binarize(map, w, h, tau);

            Assert.AreEqual(NaiveContours.Largest(on), BoxExtractor.LargestComponentBox(map, w, h, tau), $"map {m}, τ = {tau}");
            CollectionAssert.AreEquivalent(NaiveContours.All(on), BoxExtractor.AllComponentBoxes(map, w, h, tau).ToArray(), $"map {m}");
            var mask = new bool[w * h];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = on[i / w, i % w];
            }

            Assert.AreEqual(NaiveContours.Largest(on), BoxExtractor.LargestComponentBox(mask, w, h), $"mask {m}");
        }
    }

    private static int CountComponents(bool[,] on)
    {
        int h = on.GetLength(0), w = on.GetLength(1), count = 0;
        var seen = new bool[h, w];
        var stack = new Stack<(int, int)>();
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (!on[y, x] || seen[y, x])
                {
                    continue;
                }

                count++;
                seen[y, x] = true;
                stack.Push((x, y));
                while (stack.Count > 0)
                {
                    (int px, int py) = stack.Pop();
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int nx = px + dx, ny = py + dy;
                            if (nx >= 0 && ny >= 0 && nx < w && ny < h && on[ny, nx] && !seen[ny, nx])
                            {
                                seen[ny, nx] = true;
                                stack.Push((nx, ny));
                            }
                        }
                    }
                }
            }
        }

        return count;
    }
}
