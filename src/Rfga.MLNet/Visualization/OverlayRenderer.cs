using System;
using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// Draws a localization overlay: the image, optionally blended with a CAM heat map (<see cref="HeatmapColormap"/>),
/// ground-truth boxes in <see cref="GroundTruthColor"/> and the predicted box in <see cref="PredictionColor"/>,
/// enlarged by an integer factor with nearest-neighbour sampling. A box outline is the ring of source pixels on
/// its inclusive border, each drawn as a scale×scale block; parts outside the image are clipped. The prediction
/// is drawn last, so it shows where the outlines coincide.
/// </summary>
public static class OverlayRenderer
{
    /// <summary>Default heat-map opacity, [0, 1].</summary>
    public const float DefaultHeatAlpha = 0.5f;

    /// <summary>Default enlargement factor (64×64 → 256×256).</summary>
    public const int DefaultScale = 4;

    /// <summary>Largest enlargement factor.</summary>
    public const int MaxScale = 32;

    /// <summary>Outline colour of ground-truth boxes (red).</summary>
    public static (byte R, byte G, byte B) GroundTruthColor => (255, 0, 0);

    /// <summary>Outline colour of the predicted box (green).</summary>
    public static (byte R, byte G, byte B) PredictionColor => (0, 255, 0);

    /// <summary>
    /// Renders the overlay of a <paramref name="width"/>×<paramref name="height"/> RGB image (interleaved, length W·H·3).
    /// <paramref name="cam"/> (optional) is row-major, length W·H, values in [0, 1]; each output pixel is
    /// round(((256 − a)·image + a·jet(cam)) / 256) with a = round(256·<paramref name="heatAlpha"/>).
    /// The result is (W·<paramref name="scale"/>)×(H·<paramref name="scale"/>).
    /// </summary>
    public static OverlayImage Render(
        byte[] rgb, int width, int height, float[]? cam = null,
        IReadOnlyList<PixelBox>? groundTruthBoxes = null, PixelBox? predictedBox = null,
        float heatAlpha = DefaultHeatAlpha, int scale = DefaultScale)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (rgb.Length != (long)width * height * 3)
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}×{height} RGB; got {rgb.Length}.", nameof(rgb));
        if (!(heatAlpha >= 0f && heatAlpha <= 1f)) throw new ArgumentOutOfRangeException(nameof(heatAlpha), heatAlpha, "must be in [0, 1]");
        if (scale < 1 || scale > MaxScale) throw new ArgumentOutOfRangeException(nameof(scale), scale, $"must be in [1, {MaxScale}]");
        if (cam is not null)
        {
            if (cam.Length != (long)width * height)
                throw new ArgumentException($"expected a {width}×{height} CAM ({(long)width * height} values); got {cam.Length}.", nameof(cam));
            for (int i = 0; i < cam.Length; i++)
                if (!(cam[i] >= 0f && cam[i] <= 1f))
                    throw new ArgumentOutOfRangeException(nameof(cam), cam[i], $"CAM value at index {i} (x {i % width}, y {i / width}) must be in [0, 1].");
        }

        // Source-resolution picture first, then nearest-neighbour enlargement.
        var source = new byte[rgb.Length];
        int a = (int)MathF.Round(heatAlpha * 256f);
        for (int i = 0; i < width * height; i++)
        {
            int o = i * 3;
            if (cam is null || a == 0)
            {
                source[o] = rgb[o];
                source[o + 1] = rgb[o + 1];
                source[o + 2] = rgb[o + 2];
                continue;
            }
            var (hr, hg, hb) = HeatmapColormap.Map(cam[i]);
            source[o] = Blend(rgb[o], hr, a);
            source[o + 1] = Blend(rgb[o + 1], hg, a);
            source[o + 2] = Blend(rgb[o + 2], hb, a);
        }
        if (groundTruthBoxes is not null)
            for (int k = 0; k < groundTruthBoxes.Count; k++)
                Outline(source, width, height, groundTruthBoxes[k], GroundTruthColor, $"{nameof(groundTruthBoxes)}[{k}]");
        if (predictedBox is { } predicted) Outline(source, width, height, predicted, PredictionColor, nameof(predictedBox));
        return Enlarge(source, width, height, scale);
    }

    /// <summary>Renders as <see cref="Render"/> and saves a PNG at <paramref name="path"/> (temporary file, then move).</summary>
    public static void Save(
        string path, byte[] rgb, int width, int height, float[]? cam = null,
        IReadOnlyList<PixelBox>? groundTruthBoxes = null, PixelBox? predictedBox = null,
        float heatAlpha = DefaultHeatAlpha, int scale = DefaultScale)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Render(rgb, width, height, cam, groundTruthBoxes, predictedBox, heatAlpha, scale).SavePng(path);
    }

    private static byte Blend(byte image, byte heat, int a) => (byte)((image * (256 - a) + heat * a + 128) >> 8);

    private static void Outline(byte[] rgb, int width, int height, PixelBox box, (byte R, byte G, byte B) colour, string name)
    {
        if (box.X1 < box.X0 || box.Y1 < box.Y0)
            throw new ArgumentException($"{name} {box} has X1 < X0 or Y1 < Y0 (boxes are inclusive x0, y0, x1, y1).", name);
        for (int x = box.X0; x <= box.X1; x++)
        {
            Put(rgb, width, height, x, box.Y0, colour);
            Put(rgb, width, height, x, box.Y1, colour);
        }
        for (int y = box.Y0; y <= box.Y1; y++)
        {
            Put(rgb, width, height, box.X0, y, colour);
            Put(rgb, width, height, box.X1, y, colour);
        }
    }

    private static void Put(byte[] rgb, int width, int height, int x, int y, (byte R, byte G, byte B) colour)
    {
        if ((uint)x >= (uint)width || (uint)y >= (uint)height) return;
        int o = (y * width + x) * 3;
        rgb[o] = colour.R;
        rgb[o + 1] = colour.G;
        rgb[o + 2] = colour.B;
    }

    private static OverlayImage Enlarge(byte[] source, int width, int height, int scale)
    {
        if (scale == 1) return new OverlayImage(source, width, height);
        int ow = width * scale, oh = height * scale;
        var output = new byte[ow * oh * 3];
        for (int y = 0; y < oh; y++)
        {
            int sy = y / scale;
            for (int x = 0; x < ow; x++)
            {
                int s = (sy * width + x / scale) * 3, o = (y * ow + x) * 3;
                output[o] = source[s];
                output[o + 1] = source[s + 1];
                output[o + 2] = source[s + 2];
            }
        }
        return new OverlayImage(output, ow, oh);
    }
}
