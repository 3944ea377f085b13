using System;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Common;

namespace Rfga.MLNet.Data;

/// <summary>Draws one synthetic WSOL image (see <see cref="SyntheticWsolGenerator"/> for the task).</summary>
internal static class SyntheticSceneRenderer
{
    // Stream keys: each layer has its own random stream, so switching one layer off leaves the others unchanged.
    private const ulong ObjectStream = 0, BackgroundStream = 1, DistractorStream = 2, NoiseStream = 3, TextureStream = 4;

    private const int BodyJitter = 10;           // ± colour levels per channel
    private const int PartJitter = 12;           // ± colour levels per channel
    private const int BlobCount = 2;             // faint background ellipses
    private const int BlobWeight = 102;          // blob opacity, in 1/256
    private const int BackgroundLow = 40, BackgroundHigh = 215;   // gradient end colour range
    private const double DistractorMaxFraction = 0.22;            // largest distractor side / image side
    private const int PartPlacementTries = 64;

    /// <summary>Renders sample <paramref name="index"/> of <paramref name="split"/>.</summary>
    internal static WsolSample Render(SyntheticWsolOptions o, ulong seed, ulong split, int index, int label, string className)
    {
        int size = o.ImageSize;
        var rgb = new byte[size * size * 3];
        var rng = SplitMix64.ForStream(seed, split, (ulong)index, ObjectStream);

        // Object geometry and colours first, from the object stream alone.
        double scale = rng.NextDouble(o.ObjectScaleMin, o.ObjectScaleMax);
        double aspect = AspectFromUnit(rng.NextDouble(), o.AspectMin, o.AspectMax);
        var (w, h) = ObjectSize(o, scale, aspect);
        double cx = rng.NextDouble(w / 2, size - w / 2);
        double cy = rng.NextDouble(h / 2, size - h / 2);
        bool roundedRect = rng.NextBool();
        int palette = rng.NextBool(o.BodyCueProbability)
            ? (label + rng.NextInt(2)) % o.ClassCount
            : rng.NextInt(o.ClassCount);
        var body = SyntheticDesigns.Bodies[palette];
        int br = Jitter(body.R, BodyJitter, ref rng), bg = Jitter(body.G, BodyJitter, ref rng), bb = Jitter(body.B, BodyJitter, ref rng);
        var part = SyntheticDesigns.Parts[label];
        int pr = Jitter(part.R, PartJitter, ref rng), pg = Jitter(part.G, PartJitter, ref rng), pb = Jitter(part.B, PartJitter, ref rng);
        double fraction = rng.NextDouble(o.PartFractionMin, o.PartFractionMax);
        int p = PartSide(o, w, h, fraction);
        var (px, py) = PlacePart(ref rng, cx, cy, w, h, roundedRect, p);

        if (o.ClutteredBackground) DrawBackground(rgb, size, SplitMix64.ForStream(seed, split, (ulong)index, BackgroundStream));
        else Fill(rgb, SyntheticWsolGenerator.FlatBackground);
        DrawDistractors(rgb, o, SplitMix64.ForStream(seed, split, (ulong)index, DistractorStream));

        var bodyMask = new bool[size * size];
        int bx0 = (int)Math.Floor(cx - w / 2), by0 = (int)Math.Floor(cy - h / 2);
        int bx1 = Math.Min(size - 1, (int)Math.Ceiling(cx + w / 2) - 1), by1 = Math.Min(size - 1, (int)Math.Ceiling(cy + h / 2) - 1);
        bx0 = Math.Max(0, bx0);
        by0 = Math.Max(0, by0);
        for (int y = by0; y <= by1; y++)
            for (int x = bx0; x <= bx1; x++)
                bodyMask[y * size + x] = InsideBody(x + 0.5, y + 0.5, cx, cy, w, h, roundedRect);
        ulong textureSeed = SplitMix64.Derive(seed, split, (ulong)index, TextureStream);
        for (int y = by0; y <= by1; y++)
            for (int x = bx0; x <= bx1; x++)
            {
                if (!bodyMask[y * size + x]) continue;
                bool edge = x == 0 || y == 0 || x == size - 1 || y == size - 1 ||
                            !bodyMask[y * size + x - 1] || !bodyMask[y * size + x + 1] ||
                            !bodyMask[(y - 1) * size + x] || !bodyMask[(y + 1) * size + x];
                if (edge)
                {
                    Put(rgb, size, x, y, br * SyntheticDesigns.OutlineTone >> 8, bg * SyntheticDesigns.OutlineTone >> 8, bb * SyntheticDesigns.OutlineTone >> 8);
                }
                else
                {
                    int d = SyntheticDesigns.BodyOffset(body.Texture, x - bx0, y - by0, textureSeed);
                    Put(rgb, size, x, y, br + d, bg + d, bb + d);
                }
            }

        var partMask = new bool[size * size];
        DrawPart(rgb, size, px, py, p, part.Shape, part.Texture, pr, pg, pb, partMask);

        if (o.NoiseLevel > 0) AddNoise(rgb, o.NoiseLevel, SplitMix64.Derive(seed, split, (ulong)index, NoiseStream));

        var objectMask = new bool[size * size];
        for (int i = 0; i < objectMask.Length; i++) objectMask[i] = bodyMask[i] || partMask[i];
        var box = TightBox(objectMask, size) ?? throw new InvalidOperationException("empty object mask (generator bug)");
        var partBox = TightBox(partMask, size) ?? throw new InvalidOperationException("empty part mask (generator bug)");
        return new WsolSample(rgb, size, size, label, className, [box], partBox,
            o.KeepMasks ? objectMask : null, o.KeepMasks ? partMask : null);
    }

    /// <summary>
    /// Maps t ∈ [0, 1) to an aspect a ∈ [min, max] with q = (a − 1)/(a + 1) linear in t: inversion a ↦ 1/a is q ↦ −q,
    /// so wide and tall are symmetric, with only exact IEEE operations (no log/exp, whose last bit varies by platform).
    /// </summary>
    internal static double AspectFromUnit(double t, double min, double max)
    {
        double qMin = (min - 1) / (min + 1), qMax = (max - 1) / (max + 1);
        double q = qMin + (qMax - qMin) * t;
        return Math.Clamp((1 + q) / (1 - q), min, max);
    }

    /// <summary>Object box size (pixels) for a size √(w·h) = scale·S and aspect w/h, clamped to the image.</summary>
    internal static (double Width, double Height) ObjectSize(SyntheticWsolOptions o, double scale, double aspect)
    {
        double s = scale * o.ImageSize, r = Math.Sqrt(aspect);
        return (Math.Min(s * r, o.ImageSize), Math.Min(s / r, o.ImageSize));
    }

    /// <summary>Largest part side (pixels) whose square, centred to the nearest pixel, stays inside every body of that box.</summary>
    internal static int MaxPartSide(SyntheticWsolOptions o, double scale, double aspect)
    {
        var (w, h) = ObjectSize(o, scale, aspect);
        return (int)Math.Floor(SyntheticDesigns.InscribedSquareSide(w, h) - 1);
    }

    private static int PartSide(SyntheticWsolOptions o, double w, double h, double fraction)
    {
        int p = Math.Max(o.PartMinSize, (int)Math.Floor(fraction * Math.Sqrt(w * h) + 0.5));
        return Math.Max(1, Math.Min(p, (int)Math.Floor(SyntheticDesigns.InscribedSquareSide(w, h) - 1)));
    }

    /// <summary>A random top-left corner whose p×p square lies inside the (convex) body; the centre if none is found.</summary>
    private static (int X, int Y) PlacePart(ref SplitMix64 rng, double cx, double cy, double w, double h, bool roundedRect, int p)
    {
        int xMin = (int)Math.Ceiling(cx - w / 2), xMax = (int)Math.Floor(cx + w / 2) - p;
        int yMin = (int)Math.Ceiling(cy - h / 2), yMax = (int)Math.Floor(cy + h / 2) - p;
        for (int t = 0; t < PartPlacementTries && xMax >= xMin && yMax >= yMin; t++)
        {
            int x = rng.NextInt(xMin, xMax), y = rng.NextInt(yMin, yMax);
            if (InsideBody(x, y, cx, cy, w, h, roundedRect) && InsideBody(x + p, y, cx, cy, w, h, roundedRect) &&
                InsideBody(x, y + p, cx, cy, w, h, roundedRect) && InsideBody(x + p, y + p, cx, cy, w, h, roundedRect))
                return (x, y);
        }
        return ((int)Math.Floor(cx - p / 2.0 + 0.5), (int)Math.Floor(cy - p / 2.0 + 0.5));
    }

    /// <summary>Ellipse (u² + v² ≤ 1) or rounded rectangle (superellipse u⁴ + v⁴ ≤ 1) in the object box.</summary>
    private static bool InsideBody(double x, double y, double cx, double cy, double w, double h, bool roundedRect)
    {
        double u = (x - cx) / (w / 2), v = (y - cy) / (h / 2);
        double u2 = u * u, v2 = v * v;
        return roundedRect ? u2 * u2 + v2 * v2 <= 1 : u2 + v2 <= 1;
    }

    private static void DrawPart(byte[] rgb, int size, int px, int py, int p, SyntheticDesigns.Shape shape,
        SyntheticDesigns.Texture texture, int r, int g, int b, bool[]? mask)
    {
        int r2 = r * SyntheticDesigns.SecondaryTone >> 8, g2 = g * SyntheticDesigns.SecondaryTone >> 8, b2 = b * SyntheticDesigns.SecondaryTone >> 8;
        for (int ly = 0; ly < p; ly++)
            for (int lx = 0; lx < p; lx++)
            {
                int x = px + lx, y = py + ly;
                if (x < 0 || y < 0 || x >= size || y >= size) continue;
                double u = (lx + 0.5) * 2 / p - 1, v = (ly + 0.5) * 2 / p - 1;
                if (!SyntheticDesigns.InsideShape(shape, u, v)) continue;
                if (SyntheticDesigns.IsSecondary(texture, lx, ly)) Put(rgb, size, x, y, r2, g2, b2);
                else Put(rgb, size, x, y, r, g, b);
                if (mask is not null) mask[y * size + x] = true;
            }
    }

    /// <summary>Linear two-colour gradient in a random direction plus faint ellipses.</summary>
    private static void DrawBackground(byte[] rgb, int size, SplitMix64 rng)
    {
        int[] c1 = [rng.NextInt(BackgroundLow, BackgroundHigh), rng.NextInt(BackgroundLow, BackgroundHigh), rng.NextInt(BackgroundLow, BackgroundHigh)];
        int[] c2 = [rng.NextInt(BackgroundLow, BackgroundHigh), rng.NextInt(BackgroundLow, BackgroundHigh), rng.NextInt(BackgroundLow, BackgroundHigh)];
        double dx, dy, len;
        do
        {
            dx = rng.NextDouble(-1, 1);
            dy = rng.NextDouble(-1, 1);
            len = Math.Sqrt(dx * dx + dy * dy);
        } while (len < 0.1);
        dx /= len;
        dy /= len;
        double half = size / 2.0, span = size * 0.9;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double t = Math.Clamp(((x + 0.5 - half) * dx + (y + 0.5 - half) * dy) / span + 0.5, 0, 1);
                int o = (y * size + x) * 3;
                for (int c = 0; c < 3; c++) rgb[o + c] = (byte)Math.Floor(c1[c] + (c2[c] - c1[c]) * t + 0.5);
            }
        for (int k = 0; k < BlobCount; k++)
        {
            double bx = rng.NextDouble(0, size), by = rng.NextDouble(0, size);
            double rx = rng.NextDouble(0.15, 0.4) * size, ry = rng.NextDouble(0.15, 0.4) * size;
            int r = rng.NextInt(256), g = rng.NextInt(256), b = rng.NextInt(256);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                {
                    double u = (x + 0.5 - bx) / rx, v = (y + 0.5 - by) / ry;
                    if (u * u + v * v > 1) continue;
                    int o = (y * size + x) * 3;
                    rgb[o] = (byte)((rgb[o] * (256 - BlobWeight) + r * BlobWeight) >> 8);
                    rgb[o + 1] = (byte)((rgb[o + 1] * (256 - BlobWeight) + g * BlobWeight) >> 8);
                    rgb[o + 2] = (byte)((rgb[o + 2] * (256 - BlobWeight) + b * BlobWeight) >> 8);
                }
        }
    }

    /// <summary>Part-sized shapes of random colour whose shape+texture is no class's part.</summary>
    private static void DrawDistractors(byte[] rgb, SyntheticWsolOptions o, SplitMix64 rng)
    {
        int size = o.ImageSize;
        int maxSide = Math.Max(o.PartMinSize, (int)Math.Floor(DistractorMaxFraction * size + 0.5));
        for (int k = 0; k < o.DistractorCount; k++)
        {
            SyntheticDesigns.Shape shape;
            SyntheticDesigns.Texture texture;
            do
            {
                shape = (SyntheticDesigns.Shape)rng.NextInt(SyntheticDesigns.ShapeCount);
                texture = (SyntheticDesigns.Texture)rng.NextInt(SyntheticDesigns.TextureCount);
            } while (SyntheticDesigns.IsClassPart(shape, texture, SyntheticDesigns.Parts.Length));
            int r = rng.NextInt(256), g = rng.NextInt(256), b = rng.NextInt(256);
            int side = rng.NextInt(o.PartMinSize, maxSide);
            int x0 = rng.NextInt(0, size - side), y0 = rng.NextInt(0, size - side);
            DrawPart(rgb, size, x0, y0, side, shape, texture, r, g, b, mask: null);
        }
    }

    /// <summary>Adds uniform integer noise in [-level, level] per pixel and channel, hashed from the pixel index (order independent).</summary>
    private static void AddNoise(byte[] rgb, int level, ulong seed)
    {
        for (int i = 0; i < rgb.Length; i++)
            rgb[i] = (byte)Math.Clamp(rgb[i] + SyntheticDesigns.HashLevel(seed, (ulong)i, 0, level), 0, 255);
    }

    private static PixelBox? TightBox(bool[] mask, int size)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                if (!mask[y * size + x]) continue;
                x0 = Math.Min(x0, x);
                y0 = Math.Min(y0, y);
                x1 = Math.Max(x1, x);
                y1 = Math.Max(y1, y);
            }
        return x1 < 0 ? null : new PixelBox(x0, y0, x1, y1);
    }

    private static int Jitter(int value, int amplitude, ref SplitMix64 rng) =>
        Math.Clamp(value + rng.NextInt(-amplitude, amplitude), 0, 255);

    private static void Fill(byte[] rgb, (byte R, byte G, byte B) colour)
    {
        for (int i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = colour.R;
            rgb[i + 1] = colour.G;
            rgb[i + 2] = colour.B;
        }
    }

    private static void Put(byte[] rgb, int size, int x, int y, int r, int g, int b)
    {
        int o = (y * size + x) * 3;
        rgb[o] = (byte)Math.Clamp(r, 0, 255);
        rgb[o + 1] = (byte)Math.Clamp(g, 0, 255);
        rgb[o + 2] = (byte)Math.Clamp(b, 0, 255);
    }
}
