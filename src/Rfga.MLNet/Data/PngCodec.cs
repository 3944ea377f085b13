using System;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Rfga.MLNet.Data;

/// <summary>8-bit RGB ↔ PNG through SkiaSharp (lossless; the stored pixels equal the input).</summary>
internal static class PngCodec
{
    /// <summary>Encodes interleaved RGB (length W·H·3) as an opaque PNG.</summary>
    internal static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (rgb.Length != (long)width * height * 3)
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}×{height} RGB; got {rgb.Length}.", nameof(rgb));
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var rgba = new byte[width * height * 4];
        for (int i = 0, o = 0; i < rgb.Length; i += 3, o += 4)
        {
            rgba[o] = rgb[i];
            rgba[o + 1] = rgb[i + 1];
            rgba[o + 2] = rgb[i + 2];
            rgba[o + 3] = 255;
        }
        using var bitmap = new SKBitmap(info);
        if (bitmap.RowBytes != width * 4)
            throw new InvalidOperationException($"unexpected SkiaSharp row stride {bitmap.RowBytes} for width {width}.");
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {width}×{height} PNG.");
        return data.ToArray();
    }

    /// <summary>Encodes and writes a PNG atomically (temporary file, then move).</summary>
    internal static void Save(string path, ReadOnlySpan<byte> rgb, int width, int height) =>
        AtomicFile.WriteAllBytes(path, Encode(rgb, width, height));
}
