using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>
/// The one-pass <see cref="BoxSweep"/> against <see cref="PerTauOracle"/> (threshold → 8-connected components →
/// hole-filled area rule → box, per τ) on thousands of random and adversarial maps, and against the library's
/// per-threshold path on CAM-sized maps.
/// </summary>
[TestClass]
public sealed class OnePassSweepCrossCheckTests
{
    private const int MapCount = 3000;

    [TestMethod]
    public void ComputeSingle_ThousandsOfRandomAndAdversarialMaps_MatchesPerTauOracle()
    {
        var rng = new Random(20250601);
        var sweep = new BoxSweep(new ThresholdGrid(0.01));
        var coverage = new Coverage();
        for (int m = 0; m < MapCount; m++)
        {
            double[] map = NextMap(rng, m, out int w, out int h);
            bool asFloat = m % 3 == 0;
            double[] widened = asFloat ? RandomMaps.ToFloat(map).Select(v => (double)v).ToArray() : map;

            PixelBox[] boxes = asFloat ? sweep.ComputeSingle(RandomMaps.ToFloat(map), w, h) : sweep.ComputeSingle(map, w, h);

            int[] q = PerTauOracle.Levels(widened);
            int peak = q.Max();
            var expected = new Dictionary<int, PixelBox>();
            for (int i = 0; i < boxes.Length; i++)
            {
                int thr = PerTauOracle.Threshold(sweep.Taus[i], peak);
                if (!expected.TryGetValue(thr, out PixelBox box))
                {
                    expected[thr] = box = PerTauOracle.Single(q, w, h, thr);
                    coverage.Count(q, w, h, thr);
                }

                Assert.AreEqual(box, boxes[i], $"map {m} (kind {m % 2}/{m / 2 % AdversarialMaps.KindCount}, {w}×{h}, M = {peak}), τ index {i}, thr {thr}");
                PerTauOracle.Single(q, w, h, thr, out double area);
                Assert.AreEqual(area, sweep.LargestAreaAt(i), $"winner's area, map {m}, τ index {i}");
            }
        }

        coverage.AssertBroad();
    }

    [TestMethod]
    public void ComputeMulti_ThousandsOfRandomAndAdversarialMaps_MatchesPerTauOracle()
    {
        var rng = new Random(777);
        var sweep = new BoxSweep(new ThresholdGrid(0.01));
        int withHoles = 0;
        for (int m = 0; m < MapCount; m++)
        {
            double[] map = NextMap(rng, m, out int w, out int h);

            sweep.ComputeMulti(map, w, h);

            int[] q = PerTauOracle.Levels(map);
            int peak = q.Max();
            var expected = new Dictionary<int, List<PixelBox>>();
            for (int i = 0; i < sweep.Taus.Count; i++)
            {
                int thr = PerTauOracle.Threshold(sweep.Taus[i], peak);
                if (!expected.TryGetValue(thr, out List<PixelBox>? boxes))
                {
                    expected[thr] = boxes = PerTauOracle.Multi(q, w, h, thr);
                    withHoles += boxes.Count > Components(q, w, h, thr) ? 1 : 0;
                }

                CollectionAssert.AreEquivalent(boxes, sweep.MultiBoxesAt(i).ToArray(), $"map {m} ({w}×{h}, M = {peak}), τ index {i}, thr {thr}");
            }
        }

        Assert.IsTrue(withHoles > 1000, $"only {withHoles} (map, threshold) pairs had holes");
    }

    [TestMethod]
    public void Compute_CamSizedMaps_MatchesPerThresholdPath()
    {
        var rng = new Random(31);
        var grid = new ThresholdGrid(0.01);
        var fast = new BoxSweep(grid);
        var slow = new PerThresholdBoxSweep(grid);
        for (int m = 0; m < 12; m++)
        {
            int side = m % 3 == 0 ? 224 : rng.Next(40, 120);
            float[] map = CamLikeMaps.Create(rng, side, side);

            AssertSameBoxes(fast, slow, map, side, side, $"map {m}");
        }
    }

    [TestMethod]
    public void Compute_WideAndTallPhotoSizedMaps_MatchesPerThresholdPath()
    {
        // Past the 64-column blocks and the 256-column mark of the vector paths, in both orientations; CAM-like and noisy.
        var rng = new Random(41);
        var grid = new ThresholdGrid(0.01);
        var fast = new BoxSweep(grid);
        var slow = new PerThresholdBoxSweep(grid);
        foreach ((int w, int h) in new[] { (500, 375), (375, 500), (1023, 61), (61, 1023), (257, 129), (65, 65), (128, 40) })
        {
            float[] cam = CamLikeMaps.Create(rng, w, h);
            float[] noisy = cam.Select(v => Math.Clamp(v + (float)(0.05 * (rng.NextDouble() - 0.5)), 0f, 1f)).ToArray();
            foreach ((string kind, float[] map) in new[] { ("CAM-like", cam), ("noisy", noisy) })
            {
                AssertSameBoxes(fast, slow, map, w, h, $"{kind} {w}×{h}");
            }
        }
    }

    [TestMethod]
    public void ComputeSingle_FineGridAndOddShapes_MatchesPerThresholdPath()
    {
        var rng = new Random(8);
        var grid = new ThresholdGrid(0.001);
        var fast = new BoxSweep(grid);
        var slow = new PerThresholdBoxSweep(grid);
        foreach ((int w, int h) in new[] { (1, 1), (1, 50), (50, 1), (2, 2), (97, 13), (13, 97), (64, 64), (1, 1), (150, 3) })
        {
            double[] map = Noise(rng, w * h);

            CollectionAssert.AreEqual(slow.ComputeSingle(map, w, h), fast.ComputeSingle(map, w, h), $"{w}×{h}");
            Assert.AreEqual(slow.DistinctThresholdCount, fast.DistinctThresholdCount);
        }

        static double[] Noise(Random rng, int n) => Enumerable.Range(0, n).Select(_ => rng.NextDouble() * rng.NextDouble()).ToArray();
    }

    [TestMethod]
    public void FillLevels_WideRandomAndAdversarialMaps_EqualPerThresholdFloods()
    {
        // e drives the single-contour sweep; compare it directly, on maps wide enough for several 16-pixel chunks.
        var rng = new Random(99);
        var sweep = new BoxSweep([0.5]);
        for (int m = 0; m < 400; m++)
        {
            double[] map = m % 2 == 0
                ? AdversarialMaps.Create(rng, m / 2, out int w, out int h, maxSide: 70)
                : RandomMaps.Create(rng, m / 2, out w, out h, maxSide: 70);

            sweep.ComputeSingle(map, w, h);

            CollectionAssert.AreEqual(PerTauOracle.FillLevels(PerTauOracle.Levels(map), w, h), sweep.FillLevels().Select(v => (int)v).ToArray(), $"map {m} ({w}×{h})");
        }
    }

    [TestMethod]
    public void FillLevels_QueueThatMustGrow_EqualPerThresholdFloods()
    {
        // Independent noise leaves many pits for the fill's FIFO after its two scans; a ring of 2 entries has to grow
        // (and unroll its wrapped entries) many times, on these maps and then, larger, on the next.
        var rng = new Random(5);
        var grid = new LevelGrid(queueCapacity: 2);
        foreach ((int w, int h) in new[] { (64, 61), (40, 40), (200, 200), (257, 131), (3, 90) })
        {
            float[] map = w == 64 ? Serpentine(w, h) : Enumerable.Range(0, w * h).Select(_ => (float)rng.NextDouble()).ToArray();

            grid.Load(map, w, h);

            int[] fill = Enumerable.Range(0, h).SelectMany(y => grid.Fill.Skip((y + 1) * grid.Stride + 1).Take(w)).Select(v => (int)v).ToArray();
            CollectionAssert.AreEqual(PerTauOracle.FillLevels(PerTauOracle.Levels(Array.ConvertAll(map, v => (double)v)), w, h), fill, $"{w}×{h}");
        }
    }

    // Walls (1) around the map and between corridors (0.3, 9 rows wide) that wind down from the only gap in the frame,
    // top left: the scans leave the corridors high, and the FIFO lowers them in a wave, wrapping around its ring as it
    // grows.
    private static float[] Serpentine(int w, int h)
    {
        var map = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                bool frame = x == 0 || y == 0 || x == w - 1 || y == h - 1;
                int band = y / 10;
                bool wall = y % 10 == 9 && (band % 2 == 0 ? x < w - 6 : x > 5);
                map[y * w + x] = frame || wall ? 1f : 0.3f;
            }
        }

        map[1] = 0.3f; // the gap
        return map;
    }

    [TestMethod]
    public void LevelGrid_QueueCapacityNotAPowerOfTwo_Throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LevelGrid(queueCapacity: 3));
    }

    [TestMethod]
    public void Compute_WidePlateausWithLongRuns_MatchesPerThresholdPath()
    {
        // Rows of 60–200 equal-level pixels: runs longer than one 64-bit window and crossing word boundaries,
        // rings and bars at a few levels so that long runs merge sets, close holes and tie.
        var rng = new Random(64);
        var grid = new ThresholdGrid(0.05);
        var fast = new BoxSweep(grid);
        var slow = new PerThresholdBoxSweep(grid);
        for (int m = 0; m < 40; m++)
        {
            int w = rng.Next(60, 201), h = rng.Next(3, 30);
            var map = new float[w * h];
            for (int k = rng.Next(2, 8); k > 0; k--)
            {
                int x0 = rng.Next(w), y0 = rng.Next(h), x1 = Math.Min(w - 1, x0 + rng.Next(40, 200)), y1 = rng.Next(y0, h);
                float level = (float)((rng.Next(1, 6) * 50 + 0.5) / 255);
                bool ring = rng.Next(2) == 0;
                for (int y = y0; y <= y1; y++)
                {
                    for (int x = x0; x <= x1; x++)
                    {
                        if (!ring || y == y0 || y == y1 || x == x0 || x == x1)
                        {
                            map[y * w + x] = level;
                        }
                    }
                }
            }

            for (int y = rng.Next(h), x = rng.Next(w / 2), k = 0; k < 4 && y < h && x < w; k++, y++)
            {
                int end = Math.Min(w - 1, x + rng.Next(62, 130)); // a long bar touching the next only at a corner
                for (int i = x; i <= end; i++)
                {
                    map[y * w + i] = (float)(200.5 / 255);
                }

                x = end + 1;
            }

            PixelBox[] single = fast.ComputeSingle(map, w, h);
            CollectionAssert.AreEqual(slow.ComputeSingle(map, w, h), single, $"single, map {m} ({w}×{h})");
            int[] q = PerTauOracle.Levels(map.Select(v => (double)v).ToArray());
            for (int i = 0; i < grid.Count; i++)
            {
                PerTauOracle.Single(q, w, h, fast.ThresholdAt(i), out double area);
                Assert.AreEqual(area, fast.LargestAreaAt(i), $"winner's area, map {m}, τ index {i}");
            }

            fast.ComputeMulti(map, w, h);
            slow.ComputeMulti(map, w, h);
            for (int i = 0; i < grid.Count; i++)
            {
                CollectionAssert.AreEquivalent(slow.MultiBoxesAt(i).ToArray(), fast.MultiBoxesAt(i).ToArray(), $"multi, map {m} ({w}×{h}), τ index {i}");
            }
        }
    }

    [TestMethod]
    public void Compute_RunsAroundTheWindowLimitAtEveryBitOffset_MatchesPerThresholdPath()
    {
        // A sweep reads a run and its two neighbours with one unaligned 8-byte read (57 valid bits), so runs of up to
        // 55 pixels take the window path and longer ones the long-run path. Bars of 50–62 pixels start at 16 offsets
        // (every offset modulo 8, twice), with members just past both ends in the rows above and below and in their
        // own row, added earlier (higher level) or in the same band, so every window bit up to the limit matters; a
        // few random pixels around and on the bar cut it or add members.
        var grid = new ThresholdGrid(0.1);
        var fast = new BoxSweep(grid);
        var slow = new PerThresholdBoxSweep(grid);
        var rng = new Random(57);
        const int W = 90, H = 9;
        for (int length = 50; length <= 62; length++)
        {
            for (int offset = 0; offset < 16; offset++)
            {
                var map = new float[W * H];
                int x0 = 1 + offset, x1 = x0 + length - 1, y = 4;
                for (int x = x0; x <= x1; x++)
                {
                    map[y * W + x] = (float)(100.5 / 255);
                }

                foreach ((int dx, int dy) in new[] { (x0 - 1, y - 1), (x1 + 1, y - 1), (x0 - 1, y + 1), (x1 + 1, y + 1), (x0 - 1, y), (x1 + 1, y) })
                {
                    if (rng.Next(3) > 0)
                    {
                        int level = rng.Next(3) switch { 0 => 100, 1 => 200, _ => 250 };
                        map[dy * W + dx] = (float)((level + 0.5) / 255);
                    }
                }

                for (int k = rng.Next(0, 6); k > 0; k--)
                {
                    map[rng.Next(3, 6) * W + rng.Next(x0, x1 + 1)] = (float)((rng.Next(1, 255) + 0.5) / 255);
                }

                AssertMatchesPerThresholdPath(fast, slow, grid, map, W, H, $"length {length}, offset {offset}");
            }
        }
    }

    [TestMethod]
    public void Compute_BirthsAndMergesWithinOneBand_MatchesPerThresholdPath()
    {
        // One band (q 101–110, between the thresholds 100 and 112 of τ step 0.05 at M = 250) that first grows the sole
        // set, then starts new sets far from it, then joins some back to it, then grows it again: the sweep leaves and
        // re-enters its one-set path within the band. Repeated at random positions, with a second band (q 63–72) doing
        // the same on the merged set.
        var grid = new ThresholdGrid(0.05);
        var fast = new BoxSweep(grid);
        var slow = new PerThresholdBoxSweep(grid);
        var rng = new Random(1201);
        const int W = 48, H = 40;
        for (int m = 0; m < 60; m++)
        {
            var map = new float[W * H];
            void Put(int x, int y, int q)
            {
                if (x >= 0 && y >= 0 && x < W && y < H)
                {
                    map[y * W + x] = (float)((q + 0.5) / 255);
                }
            }

            int cx = rng.Next(8, 40), cy = rng.Next(4, 12);
            for (int y = cy - 2; y <= cy + 2; y++)
            {
                for (int x = cx - 3; x <= cx + 3; x++)
                {
                    Put(x, y, 250);
                }
            }

            foreach (int level in new[] { 101 + rng.Next(10), 63 + rng.Next(10) })
            {
                for (int x = cx - 5; x <= cx + 5; x++)
                {
                    Put(x, cy - 3, level); // grows the set
                }

                for (int k = rng.Next(2, 6); k > 0; k--)
                {
                    int bx = rng.Next(W), by = rng.Next(cy + 6, H);
                    int len = rng.Next(1, 9);
                    for (int x = bx; x < bx + len; x++)
                    {
                        Put(x, by, level); // a new set
                        if (rng.Next(4) == 0)
                        {
                            for (int y = cy + 3; y < by; y++)
                            {
                                Put(x, y, level); // a column back to the first set: a merge within the band
                            }
                        }
                    }
                }

                for (int x = cx - 6; x <= cx + 6; x++)
                {
                    Put(x, cy + 3, level);
                }
            }

            AssertMatchesPerThresholdPath(fast, slow, grid, map, W, H, $"map {m}");
        }
    }

    // Single boxes, the winner's area (against the oracle) and multi boxes of the one-pass sweep against the per-threshold path.
    private static void AssertMatchesPerThresholdPath(BoxSweep fast, PerThresholdBoxSweep slow, ThresholdGrid grid, float[] map, int w, int h, string what)
    {
        CollectionAssert.AreEqual(slow.ComputeSingle(map, w, h), fast.ComputeSingle(map, w, h), $"single, {what}");
        int[] q = PerTauOracle.Levels(map.Select(v => (double)v).ToArray());
        for (int i = 0; i < grid.Count; i++)
        {
            PerTauOracle.Single(q, w, h, fast.ThresholdAt(i), out double area);
            Assert.AreEqual(area, fast.LargestAreaAt(i), $"winner's area, {what}, τ index {i}");
        }

        fast.ComputeMulti(map, w, h);
        slow.ComputeMulti(map, w, h);
        for (int i = 0; i < grid.Count; i++)
        {
            CollectionAssert.AreEquivalent(slow.MultiBoxesAt(i).ToArray(), fast.MultiBoxesAt(i).ToArray(), $"multi, {what}, τ index {i}");
        }
    }

    [TestMethod]
    public void ComputeSingle_MergeAddingNoArea_LowersKeyAndHandsTieToOtherSet()
    {
        // At thr 180: A (2×2 at (2, 2), area 1, first pixel 26), C (2×2 at (6, 0), area 1, first 6) and the pixel B
        // at (0, 0) are on: tie on area, the later first pixel wins → A. At thr 100 the pixel (1, 1) joins A and B
        // diagonally without adding area; A ∪ B now starts at 0, so the tie goes to C.
        var map = new double[12 * 12];
        void Set(int x, int y, int q) => map[y * 12 + x] = (q + 0.5) / 255;
        foreach ((int x, int y) in new[] { (2, 2), (3, 2), (2, 3), (3, 3), (6, 0), (7, 0), (6, 1), (7, 1), (0, 0) })
        {
            Set(x, y, 200);
        }

        Set(1, 1, 150);
        var sweep = new BoxSweep([0.9, 0.5]);

        PixelBox[] boxes = sweep.ComputeSingle(map, 12, 12);

        Assert.AreEqual(new PixelBox(2, 2, 4, 4), boxes[0]);
        Assert.AreEqual(new PixelBox(6, 0, 8, 2), boxes[1]);
        int[] q = PerTauOracle.Levels(map);
        Assert.AreEqual(PerTauOracle.Single(q, 12, 12, 180), boxes[0]);
        Assert.AreEqual(PerTauOracle.Single(q, 12, 12, 100), boxes[1]);
    }

    [TestMethod]
    public void Compute_RingAroundOpenInnerRing_MatchesOracleAtEveryLevel()
    {
        // A closed ring at q 200 around an inner ring at q 120 that is open at its bottom left, on a floor at q 10:
        // the floor inside the outer ring is a hole from thr 10 up, the inner ring's inside is part of that hole
        // below thr 120, and the filled set is the whole outer ring whenever it is on.
        var rows = new[]
        {
            "..........",
            ".RRRRRRRR.",
            ".R......R.",
            ".R.CCCC.R.",
            ".R.C..C.R.",
            ".R.C..C.R.",
            ".R....C.R.",
            ".RRRRRRRR.",
            "..........",
        };
        var map = new double[10 * 9];
        for (int y = 0; y < 9; y++)
        {
            for (int x = 0; x < 10; x++)
            {
                int q = rows[y][x] switch { 'R' => 200, 'C' => 120, _ => 10 };
                map[y * 10 + x] = (q + 0.5) / 255;
            }
        }

        var taus = new[] { 0.0, 0.03, 0.5, 0.7 };
        var sweep = new BoxSweep(taus);
        PixelBox[] single = sweep.ComputeSingle(map, 10, 9);
        sweep.ComputeMulti(map, 10, 9);

        int[] levels = PerTauOracle.Levels(map);
        for (int i = 0; i < taus.Length; i++)
        {
            int thr = PerTauOracle.Threshold(taus[i], 200);
            Assert.AreEqual(PerTauOracle.Single(levels, 10, 9, thr), single[i], $"τ {taus[i]}");
            CollectionAssert.AreEquivalent(PerTauOracle.Multi(levels, 10, 9, thr), sweep.MultiBoxesAt(i).ToArray(), $"τ {taus[i]}");
        }

        Assert.AreEqual(new PixelBox(1, 1, 9, 8), single[3]);
    }

    private static double[] NextMap(Random rng, int m, out int w, out int h) => m % 2 == 0
        ? AdversarialMaps.Create(rng, m / 2, out w, out h)
        : RandomMaps.Create(rng, m / 2, out w, out h, maxSide: 24);

    private static int Components(int[] q, int w, int h, int thr)
    {
        var seen = new bool[q.Length];
        int count = 0;
        var stack = new Stack<int>();
        for (int s = 0; s < q.Length; s++)
        {
            if (q[s] <= thr || seen[s])
            {
                continue;
            }

            count++;
            seen[s] = true;
            stack.Push(s);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                for (int dy = -1; dy <= 1; dy++)
                {
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int x = p % w + dx, y = p / w + dy;
                        if (x >= 0 && y >= 0 && x < w && y < h && q[y * w + x] > thr && !seen[y * w + x])
                        {
                            seen[y * w + x] = true;
                            stack.Push(y * w + x);
                        }
                    }
                }
            }
        }

        return count;
    }

    // Counts the situations a sweep can get wrong, so that the random maps demonstrably cover them.
    private sealed class Coverage
    {
        public int Pairs; // distinct (map, threshold) pairs
        public int NothingOn;
        public int SeveralComponents;
        public int FilledDiffersFromOn;
        public int AreaTies;

        public void Count(int[] q, int w, int h, int thr)
        {
            Pairs++;
            int components = Components(q, w, h, thr);
            NothingOn += components == 0 ? 1 : 0;
            SeveralComponents += components > 1 ? 1 : 0;
            List<PixelBox> multi = PerTauOracle.Multi(q, w, h, thr);
            FilledDiffersFromOn += components > 0 && multi.Count > components ? 1 : 0;
            AreaTies += components > 1 && HasAreaTie(q, w, h, thr) ? 1 : 0;
        }

        public void AssertBroad()
        {
            Assert.IsTrue(NothingOn > 50, $"nothing on: {NothingOn}");
            Assert.IsTrue(Pairs > 100_000, $"(map, threshold) pairs: {Pairs}");
            Assert.IsTrue(SeveralComponents > 50_000, $"several components: {SeveralComponents}");
            Assert.IsTrue(FilledDiffersFromOn > 20_000, $"holes: {FilledDiffersFromOn}");
            Assert.IsTrue(AreaTies > 20_000, $"equal largest 2×2-window areas: {AreaTies}");
        }

        // Two top-level components share the largest area: remove each candidate and see whether the box changes.
        private static bool HasAreaTie(int[] q, int w, int h, int thr)
        {
            var counts = new Dictionary<double, int>();
            var on = q.Select(v => v > thr).ToArray();
            var seen = new bool[q.Length];
            double best = -1;
            for (int s = 0; s < q.Length; s++)
            {
                if (!on[s] || seen[s])
                {
                    continue;
                }

                var pixels = new List<int>();
                var stack = new Stack<int>();
                stack.Push(s);
                seen[s] = true;
                while (stack.Count > 0)
                {
                    int p = stack.Pop();
                    pixels.Add(p);
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int x = p % w + dx, y = p / w + dy;
                            if (x >= 0 && y >= 0 && x < w && y < h && on[y * w + x] && !seen[y * w + x])
                            {
                                seen[y * w + x] = true;
                                stack.Push(y * w + x);
                            }
                        }
                    }
                }

                var set = new HashSet<int>(pixels);
                double area = 0;
                foreach (int p in pixels)
                {
                    int x = p % w, y = p / w;
                    if (x + 1 < w && y + 1 < h)
                    {
                        int n = 1 + (set.Contains(p + 1) ? 1 : 0) + (set.Contains(p + w) ? 1 : 0) + (set.Contains(p + w + 1) ? 1 : 0);
                        area += n == 4 ? 1 : 0;
                    }
                }

                counts[area] = counts.GetValueOrDefault(area) + 1;
                best = Math.Max(best, area);
            }

            return counts[best] > 1;
        }
    }

    // Single and multi contour: the one-pass sweep's boxes equal the per-threshold path's at every τ.
    private static void AssertSameBoxes(BoxSweep fast, PerThresholdBoxSweep slow, float[] map, int w, int h, string what)
    {
        CollectionAssert.AreEqual(slow.ComputeSingle(map, w, h), fast.ComputeSingle(map, w, h), $"single, {what}");
        fast.ComputeMulti(map, w, h);
        slow.ComputeMulti(map, w, h);
        for (int i = 0; i < fast.Taus.Count; i++)
        {
            CollectionAssert.AreEquivalent(slow.MultiBoxesAt(i).ToArray(), fast.MultiBoxesAt(i).ToArray(), $"multi, {what}, τ index {i}");
        }
    }
}
