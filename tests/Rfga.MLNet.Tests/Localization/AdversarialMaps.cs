using System;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>
/// Seeded score maps built to break one-pass sweeps: plateaus, equal-area ties, single pixels, holes (rings,
/// nested rings with islands, holes whose floor rises and falls), diagonal touching (checkerboards, staircases),
/// winding valleys that only drain late, merges that add no area, all-zero, constant and below-1/255 maps.
/// Values are (q + 0.5)/255 for a grey level q, so the level of every pixel is known exactly.
/// </summary>
internal static class AdversarialMaps
{
    /// <summary>Number of kinds; <see cref="Create"/> picks kind <c>index % KindCount</c>.</summary>
    public const int KindCount = 10;

    /// <summary>One map of kind <c>index % KindCount</c>, at most <paramref name="maxSide"/> on a side.</summary>
    public static double[] Create(Random rng, int index, out int width, out int height, int maxSide = 24)
    {
        width = rng.Next(1, maxSide + 1);
        height = rng.Next(1, maxSide + 1);
        int w = width, h = height;
        int peak = rng.Next(3) == 0 ? 255 : rng.Next(1, 256);
        var q = new int[w * h];
        switch (index % KindCount)
        {
            case 0: // degenerate: all zero, constant, or everything below 1/255
                int constant = rng.Next(3) switch { 0 => 0, 1 => rng.Next(256), _ => 0 };
                Array.Fill(q, constant);
                if (rng.Next(3) == 0)
                {
                    return Array.ConvertAll(q, _ => rng.NextDouble() * 0.9 / 255);
                }

                break;
            case 1: // plateaus: overlapping rectangles from a small palette
                int[] palette = [0, rng.Next(peak + 1), rng.Next(peak + 1), peak];
                for (int k = rng.Next(1, 8); k > 0; k--)
                {
                    Rect(q, w, h, rng, palette[rng.Next(palette.Length)], ring: false);
                }

                break;
            case 2: // ties: copies of one random shape at one level, plus a few at other levels
                int[] shape = RandomShape(rng, out int sw, out int sh);
                int level = rng.Next(1, peak + 1);
                for (int k = rng.Next(2, 6); k > 0; k--)
                {
                    Stamp(q, w, h, shape, sw, sh, rng.Next(-1, w), rng.Next(-1, h), rng.Next(4) == 0 ? rng.Next(1, peak + 1) : level);
                }

                break;
            case 3: // single pixels with random levels, some touching diagonally
                for (int k = rng.Next(1, Math.Max(2, w * h / 3)); k > 0; k--)
                {
                    int x = rng.Next(w), y = rng.Next(h);
                    q[y * w + x] = rng.Next(peak + 1);
                    if (rng.Next(2) == 0 && x + 1 < w && y + 1 < h)
                    {
                        q[(y + 1) * w + x + 1] = q[y * w + x];
                    }
                }

                break;
            case 4: // holes: rings with floors at several levels, nested rings and islands in holes
                for (int k = rng.Next(1, 4); k > 0; k--)
                {
                    int x0 = rng.Next(w), y0 = rng.Next(h), x1 = rng.Next(x0, w), y1 = rng.Next(y0, h);
                    int wall = rng.Next(1, peak + 1);
                    for (int y = y0; y <= y1; y++)
                    {
                        for (int x = x0; x <= x1; x++)
                        {
                            bool edge = x == x0 || x == x1 || y == y0 || y == y1;
                            q[y * w + x] = edge ? wall : rng.Next(3) == 0 ? rng.Next(wall + 1) : q[y * w + x];
                        }
                    }

                    if (x1 - x0 >= 4 && y1 - y0 >= 4)
                    {
                        q[(y0 + y1) / 2 * w + (x0 + x1) / 2] = rng.Next(peak + 1); // island or pit
                        if (rng.Next(2) == 0)
                        {
                            q[y0 * w + x0 + 1 + rng.Next(x1 - x0 - 1)] = 0; // a 4-gap: the hole drains
                        }
                    }
                }

                break;
            case 5: // diagonal touching: checkerboards, diagonal lines and staircases
                int mode = rng.Next(3);
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        bool set = mode switch { 0 => (x + y) % 2 == 0, 1 => (x - y) % 3 == 0, _ => x / 2 == y / 2 };
                        q[y * w + x] = set ? peak - rng.Next(Math.Min(peak, 3) + 1) : rng.Next(Math.Min(peak, 4) + 1);
                    }
                }

                break;
            case 6: // winding valley: a spiral wall around a low channel that reaches the edge late
                Spiral(q, w, h, rng, peak);
                break;
            case 7: // merges that add no area: blocks and pixels meeting only at corners, one level
                int l7 = rng.Next(1, peak + 1);
                for (int k = rng.Next(2, 10); k > 0; k--)
                {
                    int x = rng.Next(w), y = rng.Next(h), s = rng.Next(1, 3);
                    for (int dy = 0; dy < s && y + dy < h; dy++)
                    {
                        for (int dx = 0; dx < s && x + dx < w; dx++)
                        {
                            q[(y + dy) * w + x + dx] = l7;
                        }
                    }

                    if (x + s < w && y + s < h)
                    {
                        q[(y + s) * w + x + s] = rng.Next(2) == 0 ? l7 : rng.Next(l7 + 1);
                    }
                }

                break;
            case 8: // coarse noise: few levels, many components and holes appearing and vanishing
                int levels = rng.Next(2, 6);
                for (int i = 0; i < q.Length; i++)
                {
                    q[i] = rng.Next(levels) * peak / (levels - 1);
                }

                break;
            default: // smooth bumps quantised to plateaus, the CAM-like case with ties between τ
                double cx = rng.NextDouble() * w, cy = rng.NextDouble() * h, s2 = 1 + rng.NextDouble() * Math.Max(w, h);
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        double v = Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / s2);
                        q[y * w + x] = (int)(v * peak) / 4 * 4;
                    }
                }

                break;
        }

        if (index % KindCount != 0)
        {
            int top = rng.Next(q.Length);
            q[top] = Math.Max(q[top], peak); // the peak level M is present
        }

        return Array.ConvertAll(q, v => Math.Min(1.0, (Math.Min(v, 255) + 0.5) / 255));
    }

    private static void Rect(int[] q, int w, int h, Random rng, int level, bool ring)
    {
        int x0 = rng.Next(w), y0 = rng.Next(h), x1 = rng.Next(x0, w), y1 = rng.Next(y0, h);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                if (!ring || x == x0 || x == x1 || y == y0 || y == y1)
                {
                    q[y * w + x] = level;
                }
            }
        }
    }

    private static int[] RandomShape(Random rng, out int sw, out int sh)
    {
        sw = rng.Next(1, 5);
        sh = rng.Next(1, 5);
        var shape = new int[sw * sh];
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = rng.Next(3) == 0 ? 0 : 1;
        }

        shape[0] = 1;
        return shape;
    }

    private static void Stamp(int[] q, int w, int h, int[] shape, int sw, int sh, int ox, int oy, int level)
    {
        for (int y = 0; y < sh; y++)
        {
            for (int x = 0; x < sw; x++)
            {
                int tx = ox + x, ty = oy + y;
                if (shape[y * sw + x] != 0 && tx >= 0 && ty >= 0 && tx < w && ty < h)
                {
                    q[ty * w + tx] = level;
                }
            }
        }
    }

    // Concentric square walls with one opening each, alternating sides, so the inner floor drains through a long path.
    private static void Spiral(int[] q, int w, int h, Random rng, int peak)
    {
        int floor = rng.Next(peak + 1);
        Array.Fill(q, floor);
        for (int ring = 0; 2 * ring < Math.Min(w, h); ring += 2)
        {
            int x0 = ring, y0 = ring, x1 = w - 1 - ring, y1 = h - 1 - ring;
            int wall = Math.Max(floor, peak - rng.Next(Math.Min(peak, 8) + 1));
            for (int y = y0; y <= y1; y++)
            {
                for (int x = x0; x <= x1; x++)
                {
                    if (x == x0 || x == x1 || y == y0 || y == y1)
                    {
                        q[y * w + x] = wall;
                    }
                }
            }

            int gap = (ring / 2) % 2 == 0 ? y0 * w + Math.Min(x1, x0 + 1) : y1 * w + Math.Max(x0, x1 - 1);
            q[gap] = rng.Next(floor + 1);
        }
    }
}
