using System;
using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// An <see cref="OverlayRenderer"/> overlay sized to fit a square of side <c>maxSide</c>: a small image is enlarged by
/// the largest whole factor that fits (nearest neighbour, so box outlines stay exact), a large one is reduced by the
/// smallest whole factor f that fits, averaging each f×f block of pixels and of the CAM before the boxes are drawn
/// (a box corner c becomes ⌊c / f⌋, so outlines stay one pixel wide and sharp).
/// </summary>
public static class OverlayThumbnail
{
    /// <summary>
    /// The enlargement (positive) or reduction factor (negative: −f) <see cref="Render"/> applies to a
    /// <paramref name="width"/>×<paramref name="height"/> image for <paramref name="maxSide"/>; 1 for none.
    /// </summary>
    public static int ScaleFor(int width, int height, int maxSide)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (maxSide < 8) throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, "must be ≥ 8");
        int side = Math.Max(width, height);
        if (side <= maxSide) return Math.Clamp(maxSide / side, 1, OverlayRenderer.MaxScale);
        return -(int)Math.Ceiling(side / (double)maxSide);
    }

    /// <summary>
    /// Renders the overlay of a <paramref name="width"/>×<paramref name="height"/> RGB image (interleaved) with an
    /// optional CAM (row-major, [0, 1]), ground-truth boxes and predicted box in source pixels; see the class remarks.
    /// </summary>
    public static OverlayImage Render(
        byte[] rgb, int width, int height, float[]? cam, IReadOnlyList<PixelBox>? groundTruthBoxes, PixelBox? predictedBox,
        int maxSide, float heatAlpha = OverlayRenderer.DefaultHeatAlpha)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        int scale = ScaleFor(width, height, maxSide);
        if (scale > 0) return OverlayRenderer.Render(rgb, width, height, cam, groundTruthBoxes, predictedBox, heatAlpha, scale);
        if (rgb.Length != (long)width * height * 3)
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}×{height} RGB; got {rgb.Length}.", nameof(rgb));
        if (cam is not null && cam.Length != (long)width * height)
            throw new ArgumentException($"expected a {width}×{height} CAM ({(long)width * height} values); got {cam.Length}.", nameof(cam));
        int f = -scale, w = (width + f - 1) / f, h = (height + f - 1) / f;
        var small = new byte[w * h * 3];
        var smallCam = cam is null ? null : new float[w * h];
        for (int by = 0; by < h; by++)
            for (int bx = 0; bx < w; bx++)
            {
                long r = 0, g = 0, b = 0;
                double c = 0;
                int n = 0;
                for (int y = by * f; y < Math.Min(height, (by + 1) * f); y++)
                    for (int x = bx * f; x < Math.Min(width, (bx + 1) * f); x++)
                    {
                        int i = y * width + x;
                        r += rgb[3 * i];
                        g += rgb[3 * i + 1];
                        b += rgb[3 * i + 2];
                        if (cam is not null) c += cam[i];
                        n++;
                    }
                int o = by * w + bx;
                small[3 * o] = (byte)((r + n / 2) / n);
                small[3 * o + 1] = (byte)((g + n / 2) / n);
                small[3 * o + 2] = (byte)((b + n / 2) / n);
                if (smallCam is not null) smallCam[o] = (float)Math.Clamp(c / n, 0.0, 1.0);
            }
        List<PixelBox>? gt = null;
        if (groundTruthBoxes is not null)
        {
            gt = new List<PixelBox>(groundTruthBoxes.Count);
            foreach (var box in groundTruthBoxes) gt.Add(Reduce(box, f));
        }
        return OverlayRenderer.Render(small, w, h, smallCam, gt, predictedBox is { } p ? Reduce(p, f) : null, heatAlpha, 1);
    }

    /// <summary>Box corners divided by <paramref name="f"/>, rounded down (a valid box stays valid).</summary>
    public static PixelBox Reduce(PixelBox box, int f)
    {
        if (f < 1) throw new ArgumentOutOfRangeException(nameof(f), f, "must be ≥ 1");
        return new PixelBox(Div(box.X0, f), Div(box.Y0, f), Div(box.X1, f), Div(box.Y1, f));

        static int Div(int v, int f) => (int)Math.Floor(v / (double)f);
    }
}
