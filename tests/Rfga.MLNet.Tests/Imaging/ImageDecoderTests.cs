using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Imaging;
using SkiaSharp;

namespace Rfga.MLNet.Tests.Imaging;

[TestClass]
public sealed class ImageDecoderTests
{
    private string folder = "";

    [TestInitialize]
    public void Create() => Directory.CreateDirectory(folder = Path.Combine(Path.GetTempPath(), "rfga-dec-" + Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void Delete() => Directory.Delete(folder, recursive: true);

    private string Encode(string name, SKColorType type, SKAlphaType alpha, int w, int h, Action<SKBitmap> paint, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, type, alpha));
        paint(bitmap);
        using var data = bitmap.Encode(format, 95);
        Assert.IsNotNull(data, $"SkiaSharp could not encode {type} as {format}");
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    [TestMethod]
    public void Decode_GrayscalePng_GivesEqualChannels()
    {
        string path = Encode("gray.png", SKColorType.Gray8, SKAlphaType.Opaque, 3, 2, b => b.SetPixel(1, 0, new SKColor(200, 200, 200)));
        var image = ImageDecoder.Decode(path);
        Assert.AreEqual(3, image.Width);
        CollectionAssert.AreEqual(new byte[] { 200, 200, 200 }, image.Pixels[3..6]);
    }

    [TestMethod]
    public void Decode_PngWithAlpha_KeepsStraightColour()
    {
        string path = Encode("alpha.png", SKColorType.Rgba8888, SKAlphaType.Unpremul, 2, 1, b => b.SetPixel(0, 0, new SKColor(10, 200, 30, 128)));
        var image = ImageDecoder.Decode(path);
        CollectionAssert.AreEqual(new byte[] { 10, 200, 30 }, image.Pixels[0..3]);
    }

    [TestMethod]
    public void Decode_OnePixelImage_Works()
    {
        string path = Encode("one.png", SKColorType.Rgba8888, SKAlphaType.Opaque, 1, 1, b => b.SetPixel(0, 0, new SKColor(1, 2, 3)));
        var image = ImageDecoder.Decode(path);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, image.Pixels);
    }

    [TestMethod]
    public void Decode_SixteenBitPng_IsScaledToEightBits()
    {
        // A 1×1 RGB 16-bit PNG written byte by byte: R = 0xFFFF, G = 0x8080, B = 0x0000.
        byte[] raw = [0, 0xFF, 0xFF, 0x80, 0x80, 0x00, 0x00];
        string path = Path.Combine(folder, "deep.png");
        File.WriteAllBytes(path, Png(1, 1, bitDepth: 16, colorType: 2, raw));
        var image = ImageDecoder.Decode(path);
        CollectionAssert.AreEqual(new byte[] { 255, 128, 0 }, image.Pixels);
    }

    [TestMethod]
    public void Decode_CmykJpeg_IsConvertedToRgb()
    {
        var image = ImageDecoder.Decode(Path.Combine(AppContext.BaseDirectory, "Imaging", "Fixtures", "cmyk.jpg"));
        Assert.AreEqual(4, image.Width);
        Assert.AreEqual(3, image.Height);
        // C=0 M=255 Y=255 K=0 is red; JPEG quantisation allows a few levels of error.
        Assert.IsTrue(image.Pixels[0] > 230 && image.Pixels[1] < 25 && image.Pixels[2] < 25, $"({image.Pixels[0]}, {image.Pixels[1]}, {image.Pixels[2]})");
    }

    [TestMethod]
    public void Decode_ExifRotatedJpeg_KeepsStoredOrientationLikePil()
    {
        var image = ImageDecoder.Decode(Path.Combine(AppContext.BaseDirectory, "Imaging", "Fixtures", "exif6.jpg"));
        Assert.AreEqual(6, image.Width, "EXIF orientation must not be applied: boxes of the datasets refer to stored pixels");
        Assert.AreEqual(2, image.Height);
    }

    [TestMethod]
    public void Decode_ZeroByteFile_NamesFile()
    {
        string path = Path.Combine(folder, "empty.jpg");
        File.WriteAllBytes(path, []);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.Decode(path));
        StringAssert.Contains(e.Message, "empty.jpg");
    }

    [TestMethod]
    public void Decode_TruncatedJpeg_NamesFileAndSaysTruncated()
    {
        string path = Encode("full.jpg", SKColorType.Rgba8888, SKAlphaType.Opaque, 64, 64,
            b => { for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) b.SetPixel(x, y, new SKColor((byte)(x * 4), (byte)(y * 4), 7)); },
            SKEncodedImageFormat.Jpeg);
        var bytes = File.ReadAllBytes(path);
        string cut = Path.Combine(folder, "cut.jpg");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.Decode(cut));
        StringAssert.Contains(e.Message, "cut.jpg");
        StringAssert.Contains(e.Message, "truncated");
    }

    [TestMethod]
    public void Decode_NotAnImage_NamesFileAndFormats()
    {
        string path = Path.Combine(folder, "notes.png");
        File.WriteAllText(path, "this is text, not a PNG");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.Decode(path));
        StringAssert.Contains(e.Message, "notes.png");
        StringAssert.Contains(e.Message, "supported format");
    }

    [TestMethod]
    public void Decode_MissingFile_ThrowsFileNotFound()
    {
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => ImageDecoder.Decode(Path.Combine(folder, "nope.png")));
        StringAssert.Contains(e.Message, "nope.png");
    }

    [TestMethod]
    public void Decode_HugeDeclaredSize_IsRefusedBeforeDecoding()
    {
        // A PNG whose header declares 30000×20000 but carries a few bytes of data: refused from the header alone.
        string path = Path.Combine(folder, "huge.png");
        File.WriteAllBytes(path, Png(30000, 20000, bitDepth: 8, colorType: 2, new byte[16]));
        long before = GC.GetTotalAllocatedBytes();
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageDecoder.Decode(path));
        StringAssert.Contains(e.Message, "30000×20000");
        StringAssert.Contains(e.Message, "limit");
        Assert.IsTrue(GC.GetTotalAllocatedBytes() - before < 10_000_000, "nothing large may be allocated");
    }

    /// <summary>A minimal PNG: signature, IHDR, one zlib IDAT holding <paramref name="raw"/> (filter bytes included), IEND.</summary>
    private static byte[] Png(int width, int height, byte bitDepth, byte colorType, byte[] raw)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        Chunk(ms, "IHDR", ihdr);
        using (var z = new MemoryStream())
        {
            using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zs.Write(raw);
            Chunk(ms, "IDAT", z.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        var crcInput = new byte[4 + data.Length];
        typeBytes.CopyTo(crcInput, 0);
        data.CopyTo(crcInput, 4);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(crcInput));
        s.Write(len);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
