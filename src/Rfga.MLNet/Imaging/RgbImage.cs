using System;

namespace Rfga.MLNet.Imaging;

/// <summary>An 8-bit RGB image, rows top to bottom, pixels interleaved R, G, B: <c>Pixels[(y·W + x)·3 + c]</c>.</summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (pixels.Length != (long)width * height * 3)
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}×{height} RGB; got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved RGB bytes, length W·H·3.</summary>
    public byte[] Pixels { get; }

    /// <summary>This image without its bottom <paramref name="rows"/> rows (e.g. FGVC-Aircraft's copyright banner); 0 returns this image.</summary>
    public RgbImage CropBottom(int rows)
    {
        if (rows == 0) return this;
        if (rows < 0 || rows >= Height)
            throw new ArgumentOutOfRangeException(nameof(rows), rows, $"must be in [0, {Height - 1}] for a {Width}×{Height} image");
        return new RgbImage(Width, Height - rows, Pixels.AsSpan(0, Width * (Height - rows) * 3).ToArray());
    }

    /// <summary>
    /// Converts 4-byte pixels (B, G, R, A order when <paramref name="bgra"/>, else R, G, B, A) to RGB,
    /// dropping alpha (straight, not premultiplied, colour values are kept).
    /// </summary>
    public static RgbImage FromFourChannel(int width, int height, ReadOnlySpan<byte> pixels, bool bgra)
    {
        if (pixels.Length != (long)width * height * 4)
            throw new ArgumentException($"expected {(long)width * height * 4} bytes for {width}×{height} 4-channel pixels; got {pixels.Length}.", nameof(pixels));
        var rgb = new byte[width * height * 3];
        int r = bgra ? 2 : 0, b = bgra ? 0 : 2;
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = pixels[i + r];
            rgb[o + 1] = pixels[i + 1];
            rgb[o + 2] = pixels[i + b];
        }
        return new RgbImage(width, height, rgb);
    }
}
