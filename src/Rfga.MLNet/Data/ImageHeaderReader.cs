using System.IO;
using SkiaSharp;

namespace Rfga.MLNet.Data;

/// <summary>
/// Reads an image's stored width and height from its header through SkiaSharp's codec, without decoding
/// pixels (CUB-sized, 11,788 JPEGs: about 0.2 s with a warm file cache). The size is that of the stored
/// pixels, exactly as <c>Imaging.ImageDecoder</c> decodes them (same codec; EXIF orientation is not applied).
/// </summary>
internal static class ImageHeaderReader
{
    /// <summary>The size of <paramref name="path"/>; errors name the image and where it was listed.</summary>
    public static (int Width, int Height) ReadSize(string path, SourceRef listedAt)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Image listed at {listedAt} not found: '{path}'.", path);
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"Image '{path}' (listed at {listedAt}): not a supported image format (JPEG, PNG, BMP, GIF, WebP), or its header is damaged.");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
            throw new InvalidDataException($"Image '{path}' (listed at {listedAt}): the header gives a {info.Width}×{info.Height} size.");
        return (info.Width, info.Height);
    }
}
