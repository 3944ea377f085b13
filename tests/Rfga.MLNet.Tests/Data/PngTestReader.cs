using System.IO;
using SkiaSharp;

namespace Rfga.MLNet.Tests.Data;

/// <summary>Decodes a PNG file to interleaved RGB with SkiaSharp's per-pixel API (independent of the library's codec).</summary>
internal static class PngTestReader
{
    public static (byte[] Rgb, int Width, int Height) Read(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new InvalidDataException($"cannot decode '{path}'");
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                int o = (y * bitmap.Width + x) * 3;
                rgb[o] = c.Red;
                rgb[o + 1] = c.Green;
                rgb[o + 2] = c.Blue;
            }
        return (rgb, bitmap.Width, bitmap.Height);
    }
}
