using System;
using System.Collections.Generic;
using System.Linq;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>
/// A deliberately plain second implementation of the reference's contour boxes, for cross-checking the
/// library. It builds OpenCV's RETR_TREE listing literally (notes/wsol-metrics.md §5): every outer contour
/// (8-connected on component) and hole contour (4-connected enclosed off component), the containment tree
/// from the pixel left of each first pixel, pre-order with siblings by decreasing first pixel, the
/// contourArea of each from its filled region, then Python's max (first maximum). It shares no code with
/// the library and recomputes everything per τ.
/// </summary>
internal static class NaiveContours
{
    private sealed class Contour
    {
        public bool IsHole;
        public List<(int X, int Y)> Pixels = [];
        public int First; // raster index of the first pixel
        public Contour? Parent;
        public List<Contour> Children = [];
        public double Area;
    }

    /// <summary>Grey level of one score: floor(v·255) in float64.</summary>
    public static int Level(double v) => (int)Math.Floor(v * 255.0);

    /// <summary>The on mask q &gt; trunc(τ·M) as on[y, x].</summary>
    public static bool[,] Binarize(IReadOnlyList<double> map, int width, int height, double tau)
    {
        int peak = map.Max(Level);
        int thr = (int)Math.Truncate(tau * peak);
        var on = new bool[height, width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                on[y, x] = Level(map[y * width + x]) > thr;
            }
        }

        return on;
    }

    /// <summary>The single-contour box: the first contour of the listing with the maximal area.</summary>
    public static PixelBox Largest(bool[,] on)
    {
        List<Contour> listing = Listing(on);
        if (listing.Count == 0)
        {
            return new PixelBox(0, 0, 0, 0);
        }

        Contour best = listing[0];
        foreach (Contour c in listing)
        {
            if (c.Area > best.Area)
            {
                best = c;
            }
        }

        return BoxOf(best, on);
    }

    /// <summary>The multi-contour boxes: one per contour, or (0, 0, 0, 0) alone.</summary>
    public static List<PixelBox> All(bool[,] on)
    {
        List<Contour> listing = Listing(on);
        return listing.Count == 0 ? [new PixelBox(0, 0, 0, 0)] : listing.Select(c => BoxOf(c, on)).ToList();
    }

    private static PixelBox BoxOf(Contour c, bool[,] on)
    {
        int h = on.GetLength(0), w = on.GetLength(1);
        int minX = c.Pixels.Min(p => p.X), maxX = c.Pixels.Max(p => p.X);
        int minY = c.Pixels.Min(p => p.Y), maxY = c.Pixels.Max(p => p.Y);
        if (c.IsHole)
        {
            // boundingRect of a hole contour: the on pixels around it.
            minX--; minY--; maxX++; maxY++;
        }

        int rectX = minX, rectY = minY, rectW = maxX - minX + 1, rectH = maxY - minY + 1;
        return new PixelBox(rectX, rectY, Math.Min(rectX + rectW, w - 1), Math.Min(rectY + rectH, h - 1));
    }

    private static List<Contour> Listing(bool[,] on)
    {
        int h = on.GetLength(0), w = on.GetLength(1);

        // Off pixels reachable from beyond the border through off pixels (4-connected).
        var outside = new bool[h, w];
        var queue = new Queue<(int X, int Y)>();
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (!on[y, x] && (x == 0 || y == 0 || x == w - 1 || y == h - 1))
                {
                    outside[y, x] = true;
                    queue.Enqueue((x, y));
                }
            }
        }

        while (queue.Count > 0)
        {
            (int x, int y) = queue.Dequeue();
            foreach ((int dx, int dy) in Four)
            {
                int nx = x + dx, ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < w && ny < h && !on[ny, nx] && !outside[ny, nx])
                {
                    outside[ny, nx] = true;
                    queue.Enqueue((nx, ny));
                }
            }
        }

        // Components: on pixels 8-connected, enclosed off pixels 4-connected. owner[y, x] = its contour.
        var owner = new Contour?[h, w];
        var all = new List<Contour>();
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (owner[y, x] is not null || (!on[y, x] && outside[y, x]))
                {
                    continue;
                }

                var c = new Contour { IsHole = !on[y, x], First = y * w + x };
                bool kind = on[y, x];
                var steps = kind ? Eight : Four;
                owner[y, x] = c;
                queue.Enqueue((x, y));
                while (queue.Count > 0)
                {
                    (int px, int py) = queue.Dequeue();
                    c.Pixels.Add((px, py));
                    foreach ((int dx, int dy) in steps)
                    {
                        int nx = px + dx, ny = py + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h && owner[ny, nx] is null
                            && on[ny, nx] == kind && (kind || !outside[ny, nx]))
                        {
                            owner[ny, nx] = c;
                            queue.Enqueue((nx, ny));
                        }
                    }
                }

                all.Add(c);
            }
        }

        // Tree: the parent is whatever lies just left of the first pixel (an outside pixel or the border: root).
        var roots = new List<Contour>();
        foreach (Contour c in all)
        {
            int fx = c.First % w, fy = c.First / w;
            Contour? parent = fx > 0 ? owner[fy, fx - 1] : null;
            c.Parent = parent;
            (parent?.Children ?? roots).Add(c);
            c.Area = AreaOf(c, on);
        }

        var listing = new List<Contour>();
        void Visit(List<Contour> siblings)
        {
            foreach (Contour c in siblings.OrderByDescending(s => s.First))
            {
                listing.Add(c);
                Visit(c.Children);
            }
        }

        Visit(roots);
        return listing;
    }

    // contourArea from the filled region: outer → windows with 4 filled pixels count 1, with 3 count 0.5;
    // hole → windows with ≥ 2 count 1, with 1 count 0.5.
    private static double AreaOf(Contour c, bool[,] on)
    {
        int h = on.GetLength(0), w = on.GetLength(1);
        bool[,] fill = Fill(c, h, w);
        double area = 0;
        for (int y = -1; y < h; y++)
        {
            for (int x = -1; x < w; x++)
            {
                int n = 0;
                for (int k = 0; k < 4; k++)
                {
                    int px = x + (k & 1), py = y + (k >> 1);
                    if (px >= 0 && py >= 0 && px < w && py < h && fill[py, px])
                    {
                        n++;
                    }
                }

                area += c.IsHole ? (n >= 2 ? 1 : n == 1 ? 0.5 : 0) : (n == 4 ? 1 : n == 3 ? 0.5 : 0);
            }
        }

        return area;
    }

    // fill(X): the pixels that cannot reach beyond the border without crossing X. An 8-connected wall (outer)
    // blocks 4-connected paths; a 4-connected wall (hole) blocks 8-connected paths.
    private static bool[,] Fill(Contour c, int h, int w)
    {
        var wall = new bool[h + 2, w + 2];
        foreach ((int x, int y) in c.Pixels)
        {
            wall[y + 1, x + 1] = true;
        }

        var reached = new bool[h + 2, w + 2];
        var queue = new Queue<(int X, int Y)>();
        reached[0, 0] = true;
        queue.Enqueue((0, 0));
        var steps = c.IsHole ? Eight : Four;
        while (queue.Count > 0)
        {
            (int x, int y) = queue.Dequeue();
            foreach ((int dx, int dy) in steps)
            {
                int nx = x + dx, ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < w + 2 && ny < h + 2 && !wall[ny, nx] && !reached[ny, nx])
                {
                    reached[ny, nx] = true;
                    queue.Enqueue((nx, ny));
                }
            }
        }

        var fill = new bool[h, w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                fill[y, x] = !reached[y + 1, x + 1];
            }
        }

        return fill;
    }

    private static readonly (int, int)[] Four = [(1, 0), (-1, 0), (0, 1), (0, -1)];

    private static readonly (int, int)[] Eight = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)];
}
