using System;
using System.IO;
using SkiaSharp;

namespace Rfga.MLNet.Imaging;

/// <summary>Decodes image files (JPEG, PNG, BMP, GIF, WebP) to <see cref="RgbImage"/> with errors that name the file.</summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/>; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming it.</summary>
    public static RgbImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file not found: '{path}'.", path);
        if (new FileInfo(path).Length == 0) throw new InvalidDataException($"Image file '{path}' is empty (0 bytes).");
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"Image file '{path}' is not in a supported format (JPEG, PNG, BMP, GIF, WebP) or is corrupt.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success && result != SKCodecResult.IncompleteInput)
            throw new InvalidDataException($"Image file '{path}' could not be decoded ({result}).");
        if (result == SKCodecResult.IncompleteInput)
            throw new InvalidDataException($"Image file '{path}' is truncated (decoder reported incomplete input).");
        return RgbImage.FromFourChannel(info.Width, info.Height, bitmap.GetPixelSpan(), bgra: false);
    }
}
