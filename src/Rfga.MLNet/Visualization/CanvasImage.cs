using System;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Rfga.MLNet.Visualization;

/// <summary>Moves pixels between SkiaSharp bitmaps and <see cref="OverlayImage"/> (8-bit RGB), exactly.</summary>
internal static class CanvasImage
{
    /// <summary>An opaque RGBA bitmap of the given size, filled with <paramref name="background"/>.</summary>
    internal static SKBitmap Create(int width, int height, SKColor background)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(background);
        return bitmap;
    }

    /// <summary>The bitmap's pixels as RGB (alpha dropped; the bitmaps drawn here are opaque).</summary>
    internal static OverlayImage ToOverlay(SKBitmap bitmap)
    {
        if (bitmap.ColorType != SKColorType.Rgba8888)
            throw new ArgumentException($"expected an Rgba8888 bitmap; got {bitmap.ColorType}.", nameof(bitmap));
        int w = bitmap.Width, h = bitmap.Height;
        var rgba = new byte[bitmap.RowBytes * h];
        Marshal.Copy(bitmap.GetPixels(), rgba, 0, rgba.Length);
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = y * bitmap.RowBytes + x * 4, o = (y * w + x) * 3;
                rgb[o] = rgba[i];
                rgb[o + 1] = rgba[i + 1];
                rgb[o + 2] = rgba[i + 2];
            }
        return new OverlayImage(rgb, w, h);
    }

    /// <summary>Draws <paramref name="image"/> unscaled with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    internal static void Blit(SKCanvas canvas, OverlayImage image, int x, int y)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, o = 0; i < image.Rgb.Length; i += 3, o += 4)
        {
            rgba[o] = image.Rgb[i];
            rgba[o + 1] = image.Rgb[i + 1];
            rgba[o + 2] = image.Rgb[i + 2];
            rgba[o + 3] = 255;
        }
        if (bitmap.RowBytes != image.Width * 4)
            throw new InvalidOperationException($"unexpected SkiaSharp row stride {bitmap.RowBytes} for width {image.Width}.");
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var paint = new SKPaint { IsAntialias = false, FilterQuality = SKFilterQuality.None };
        canvas.DrawBitmap(bitmap, x, y, paint);
    }
}
