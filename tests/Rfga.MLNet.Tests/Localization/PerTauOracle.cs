using System;
using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>
/// The straightforward per-τ path, written for the tests from notes/wsol-metrics.md §4–6 and sharing no code with
/// the library: quantise, threshold, flood the outside (4-connected off pixels), label with 8-connectivity, apply
/// the hole-filled window-area rule, box, IoU. Everything is recomputed for every threshold.
/// </summary>
internal static class PerTauOracle
{
    private static readonly (int Dx, int Dy)[] Four = [(1, 0), (-1, 0), (0, 1), (0, -1)];
    private static readonly (int Dx, int Dy)[] Eight = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)];

    /// <summary>q = trunc(v·255) in float64.</summary>
    public static int[] Levels(IReadOnlyList<double> map)
    {
        var q = new int[map.Count];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = (int)Math.Floor(map[i] * 255.0);
        }

        return q;
    }

    /// <summary>trunc(τ·M), float64 product.</summary>
    public static int Threshold(double tau, int peak) => (int)Math.Truncate(tau * peak);

    /// <summary>The single-contour box at grey threshold <paramref name="thr"/> (on iff q &gt; thr).</summary>
    public static PixelBox Single(int[] q, int w, int h, int thr) => Single(q, w, h, thr, out _);

    /// <summary>The single-contour box and the winner's contourArea (0 when nothing is on).</summary>
    public static PixelBox Single(int[] q, int w, int h, int thr, out double winnerArea)
    {
        winnerArea = 0;
        bool[] on = Binarize(q, thr);
        if (Array.IndexOf(on, true) < 0)
        {
            return new PixelBox(0, 0, 0, 0);
        }

        bool[] outside = Outside(on, w, h);
        var filled = new bool[on.Length];
        for (int i = 0; i < on.Length; i++)
        {
            filled[i] = !outside[i];
        }

        int[] label = Label(filled, w, h, Eight, out List<(int First, int X0, int Y0, int X1, int Y1)> sets);
        var area = new double[sets.Count];
        for (int y = 0; y + 1 < h; y++)
        {
            for (int x = 0; x + 1 < w; x++)
            {
                int[] window = [y * w + x, y * w + x + 1, (y + 1) * w + x, (y + 1) * w + x + 1];
                int n = 0, l = -1;
                foreach (int p in window)
                {
                    if (filled[p])
                    {
                        n++;
                        l = label[p];
                    }
                }

                area[l < 0 ? 0 : l] += n == 4 ? 1 : n == 3 ? 0.5 : 0;
            }
        }

        // Labels are numbered in raster order of their first pixel: ">=" keeps the later one on a tie.
        int best = 0;
        for (int l = 1; l < sets.Count; l++)
        {
            if (area[l] >= area[best])
            {
                best = l;
            }
        }

        (_, int x0, int y0, int x1, int y1) = sets[best];
        winnerArea = area[best];
        return new PixelBox(x0, y0, Math.Min(x1 + 1, w - 1), Math.Min(y1 + 1, h - 1));
    }

    /// <summary>The multi-contour boxes: every 8-connected on component and every hole (grown by one), or (0, 0, 0, 0).</summary>
    public static List<PixelBox> Multi(int[] q, int w, int h, int thr)
    {
        bool[] on = Binarize(q, thr);
        var boxes = new List<PixelBox>();
        Label(on, w, h, Eight, out List<(int First, int X0, int Y0, int X1, int Y1)> components);
        foreach ((_, int x0, int y0, int x1, int y1) in components)
        {
            boxes.Add(new PixelBox(x0, y0, Math.Min(x1 + 1, w - 1), Math.Min(y1 + 1, h - 1)));
        }

        bool[] outside = Outside(on, w, h);
        var hole = new bool[on.Length];
        for (int i = 0; i < on.Length; i++)
        {
            hole[i] = !on[i] && !outside[i];
        }

        Label(hole, w, h, Four, out List<(int First, int X0, int Y0, int X1, int Y1)> holes);
        foreach ((_, int x0, int y0, int x1, int y1) in holes)
        {
            boxes.Add(new PixelBox(x0 - 1, y0 - 1, Math.Min(x1 + 2, w - 1), Math.Min(y1 + 2, h - 1)));
        }

        return boxes.Count == 0 ? [new PixelBox(0, 0, 0, 0)] : boxes;
    }

    /// <summary>
    /// Each pixel's fill level e, by definition: the lowest threshold t ≥ q at which the pixel is off and its
    /// 4-connected off component reaches the border (one flood per threshold).
    /// </summary>
    public static int[] FillLevels(int[] q, int w, int h)
    {
        var e = new int[q.Length];
        Array.Fill(e, -1);
        int peak = 0;
        foreach (int v in q)
        {
            peak = Math.Max(peak, v);
        }

        for (int t = 0; t <= peak; t++)
        {
            var on = Binarize(q, t);
            bool[] outside = Outside(on, w, h);
            for (int i = 0; i < q.Length; i++)
            {
                if (outside[i] && e[i] < 0)
                {
                    e[i] = t;
                }
            }
        }

        return e;
    }

    /// <summary>IoU with +1 pixel sizes, integer intersection, one float64 division.</summary>
    public static double Iou(PixelBox a, PixelBox b)
    {
        long iw = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0) + 1);
        long ih = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0) + 1);
        long areaA = (long)(a.X1 - a.X0 + 1) * (a.Y1 - a.Y0 + 1);
        long areaB = (long)(b.X1 - b.X0 + 1) * (b.Y1 - b.Y0 + 1);
        long union = areaA + areaB - iw * ih;
        return union <= 0 ? 0.0 : (double)(iw * ih) / union;
    }

    private static bool[] Binarize(int[] q, int thr)
    {
        var on = new bool[q.Length];
        for (int i = 0; i < q.Length; i++)
        {
            on[i] = q[i] > thr;
        }

        return on;
    }

    // Off pixels that reach beyond the border through 4-connected off pixels.
    private static bool[] Outside(bool[] on, int w, int h)
    {
        var outside = new bool[on.Length];
        var queue = new Queue<int>();
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int p = y * w + x;
                if (!on[p] && (x == 0 || y == 0 || x == w - 1 || y == h - 1))
                {
                    outside[p] = true;
                    queue.Enqueue(p);
                }
            }
        }

        while (queue.Count > 0)
        {
            int p = queue.Dequeue();
            foreach ((int dx, int dy) in Four)
            {
                int x = p % w + dx, y = p / w + dy;
                if (x >= 0 && y >= 0 && x < w && y < h && !on[y * w + x] && !outside[y * w + x])
                {
                    outside[y * w + x] = true;
                    queue.Enqueue(y * w + x);
                }
            }
        }

        return outside;
    }

    // Connected components of `member` in raster order of their first pixel, with their bounding boxes.
    private static int[] Label(bool[] member, int w, int h, (int Dx, int Dy)[] steps, out List<(int First, int X0, int Y0, int X1, int Y1)> sets)
    {
        var label = new int[member.Length];
        Array.Fill(label, -1);
        sets = [];
        var queue = new Queue<int>();
        for (int start = 0; start < member.Length; start++)
        {
            if (!member[start] || label[start] >= 0)
            {
                continue;
            }

            int id = sets.Count;
            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
            label[start] = id;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                int p = queue.Dequeue();
                int px = p % w, py = p / w;
                x0 = Math.Min(x0, px);
                y0 = Math.Min(y0, py);
                x1 = Math.Max(x1, px);
                y1 = Math.Max(y1, py);
                foreach ((int dx, int dy) in steps)
                {
                    int x = px + dx, y = py + dy;
                    if (x >= 0 && y >= 0 && x < w && y < h && member[y * w + x] && label[y * w + x] < 0)
                    {
                        label[y * w + x] = id;
                        queue.Enqueue(y * w + x);
                    }
                }
            }

            sets.Add((start, x0, y0, x1, y1));
        }

        return label;
    }
}
