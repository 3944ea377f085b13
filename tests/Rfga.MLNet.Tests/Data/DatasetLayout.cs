using System;
using System.IO;
using System.Text;
using SkiaSharp;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.Tests.Data;

/// <summary>A temporary folder in which a test writes a miniature publisher layout byte for byte.</summary>
internal sealed class DatasetLayout : IDisposable
{
    public DatasetLayout() => Root = Directory.CreateTempSubdirectory("rfga-datasets-").FullName;

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes the lines joined by <paramref name="newline"/>, each one terminated, then <paramref name="trailingBlankLines"/> empty lines.</summary>
    public string Text(string relative, string newline, int trailingBlankLines, params string[] lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append(newline);
        for (int i = 0; i < trailingBlankLines; i++) text.Append(newline);
        return Bytes(relative, Encoding.UTF8.GetBytes(text.ToString()));
    }

    public string Bytes(string relative, byte[] bytes)
    {
        string path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A tiny PNG through the library's codec (mid grey).</summary>
    public string Png(string relative, int width, int height)
    {
        string path = PathOf(relative);
        var rgb = new byte[width * height * 3];
        Array.Fill(rgb, (byte)128);
        PngCodec.Save(path, rgb, width, height);
        return path;
    }

    /// <summary>A tiny baseline JPEG (SkiaSharp's encoder writes a JFIF APP0 segment before the frame header).</summary>
    public string Jpeg(string relative, int width, int height) => Bytes(relative, JpegBytes(width, height));

    public static byte[] JpegBytes(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(new SKColor(90, 140, 200));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
