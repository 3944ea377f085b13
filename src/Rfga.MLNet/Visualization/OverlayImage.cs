using System;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.Visualization;

/// <summary>An 8-bit RGB picture produced by <see cref="OverlayRenderer"/> or <see cref="OverlayMontage"/>.</summary>
public sealed class OverlayImage
{
    /// <summary>Wraps <paramref name="rgb"/> (not copied), interleaved R, G, B, rows top to bottom, length W·H·3.</summary>
    public OverlayImage(byte[] rgb, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (rgb.Length != (long)width * height * 3)
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}×{height} RGB; got {rgb.Length}.", nameof(rgb));
        Rgb = rgb;
        Width = width;
        Height = height;
    }

    /// <summary>Pixels: <c>Rgb[(y·Width + x)·3 + c]</c>.</summary>
    public byte[] Rgb { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The colour at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width) throw new ArgumentOutOfRangeException(nameof(x), x, $"must be in [0, {Width})");
            if ((uint)y >= (uint)Height) throw new ArgumentOutOfRangeException(nameof(y), y, $"must be in [0, {Height})");
            int o = (y * Width + x) * 3;
            return (Rgb[o], Rgb[o + 1], Rgb[o + 2]);
        }
    }

    /// <summary>The picture encoded as PNG (lossless), e.g. for embedding in an HTML page.</summary>
    public byte[] EncodePng() => PngCodec.Encode(Rgb, Width, Height);

    /// <summary>Saves as PNG (lossless) through a temporary file and a move; creates the folder.</summary>
    public void SavePng(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PngCodec.Save(path, Rgb, Width, Height);
    }
}
