using System;
using System.IO;
using SkiaSharp;

namespace Rfga.MLNet.Imaging;

/// <summary>
/// Decodes image files (JPEG, PNG, BMP, GIF, WebP) to 8-bit <see cref="RgbImage"/> with errors that name the file.
/// Grayscale, palette, 16-bit and alpha images are converted to 8-bit RGB (alpha dropped). EXIF orientation is not
/// applied: pixels stay in stored order, as PIL (and so torchvision and the WSOL reference pipeline) reads them, so
/// the datasets' boxes keep matching. Larger images are refused before any pixel is
/// decoded (<see cref="DefaultMaxPixels"/> unless given), so a huge file cannot exhaust memory.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Default largest accepted image, in pixels (100 megapixels: 400 MB of RGBA while decoding).</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>Decodes <paramref name="path"/>; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming it.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="maxPixels">Largest accepted width × height.</param>
    public static RgbImage Decode(string path, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Image file not found: '{path}'.", path);
        if (new FileInfo(path).Length == 0) throw new InvalidDataException($"Image file '{path}' is empty (0 bytes).");
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"Image file '{path}' is not in a supported format (JPEG, PNG, BMP, GIF, WebP) or is corrupt.");
        int width = codec.Info.Width, height = codec.Info.Height;
        if (width < 1 || height < 1) throw new InvalidDataException($"Image file '{path}' declares an empty size {width}×{height}.");
        if ((long)width * height > maxPixels)
            throw new InvalidDataException($"Image file '{path}' is {width}×{height} ({(long)width * height / 1e6:0.#} megapixels); " +
                $"the limit is {maxPixels / 1e6:0.#} megapixels. Downscale it first, or raise the limit.");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result == SKCodecResult.IncompleteInput || result == SKCodecResult.ErrorInInput)
            throw new InvalidDataException($"Image file '{path}' is truncated or damaged (decoder: {result}).");
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"Image file '{path}' could not be decoded ({result}).");
        return RgbImage.FromFourChannel(width, height, bitmap.GetPixelSpan(), bgra: false);
    }
}
