using System;
using System.Buffers.Binary;
using System.IO;
using SkiaSharp;

namespace Rfga.MLNet.Data;

/// <summary>
/// Reads an image's stored width and height from its header without decoding pixels: PNG (IHDR) and JPEG
/// (the first SOF marker) directly, other formats through SkiaSharp's codec header. The size is that of the
/// stored pixels, as <c>Imaging.ImageDecoder</c> decodes them (EXIF orientation is not applied).
/// </summary>
internal static class ImageHeaderReader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The size of <paramref name="path"/>; errors name the image and where it was listed.</summary>
    public static (int Width, int Height) ReadSize(string path, SourceRef listedAt)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            Span<byte> head = stackalloc byte[24];
            int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (n >= 24 && head[..8].SequenceEqual(PngSignature))
            {
                if (!head.Slice(12, 4).SequenceEqual("IHDR"u8)) throw Bad(path, listedAt, "PNG without an IHDR chunk first");
                return Positive(BinaryPrimitives.ReadInt32BigEndian(head.Slice(16)), BinaryPrimitives.ReadInt32BigEndian(head.Slice(20)), path, listedAt);
            }
            if (n >= 2 && head[0] == 0xFF && head[1] == 0xD8)
            {
                stream.Position = 2;
                return ReadJpeg(stream, path, listedAt);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"Image listed at {listedAt} not found: '{path}'.", path);
        }
        catch (EndOfStreamException)
        {
            throw Bad(path, listedAt, "the header is truncated");
        }
        using var codec = SKCodec.Create(path) ?? throw Bad(path, listedAt, "not a supported image format (JPEG, PNG, BMP, GIF, WebP) or corrupt");
        return Positive(codec.Info.Width, codec.Info.Height, path, listedAt);
    }

    private static (int Width, int Height) ReadJpeg(Stream stream, string path, SourceRef listedAt)
    {
        Span<byte> segment = stackalloc byte[7];
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) throw Bad(path, listedAt, "JPEG without a frame header (SOF)");
            if (b != 0xFF) throw Bad(path, listedAt, $"JPEG marker expected at byte {stream.Position - 1}");
            int marker;
            do marker = stream.ReadByte(); while (marker == 0xFF);       // fill bytes
            if (marker < 0) throw Bad(path, listedAt, "JPEG without a frame header (SOF)");
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) continue;       // markers without a length
            if (marker is 0xD9 or 0xDA) throw Bad(path, listedAt, "JPEG scan or end reached before a frame header (SOF)");
            stream.ReadExactly(segment[..2]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(segment);
            if (length < 2) throw Bad(path, listedAt, $"JPEG segment length {length} at byte {stream.Position - 2}");
            // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                stream.ReadExactly(segment[..5]);
                int height = BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(1));
                int width = BinaryPrimitives.ReadUInt16BigEndian(segment.Slice(3));
                return Positive(width, height, path, listedAt);
            }
            stream.Seek(length - 2, SeekOrigin.Current);
        }
    }

    private static (int Width, int Height) Positive(int width, int height, string path, SourceRef listedAt) =>
        width > 0 && height > 0 ? (width, height) : throw Bad(path, listedAt, $"the header gives a {width}×{height} size");

    private static InvalidDataException Bad(string path, SourceRef listedAt, string what) =>
        new($"Image '{path}' (listed at {listedAt}): {what}.");
}
