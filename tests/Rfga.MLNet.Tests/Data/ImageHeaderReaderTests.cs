using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class ImageHeaderReaderTests
{
    private DatasetLayout layout = null!;
    private static readonly SourceRef Listed = new("list.txt", 7);

    [TestInitialize]
    public void Create() => layout = new DatasetLayout();

    [TestCleanup]
    public void Delete() => layout.Dispose();

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(17, 5)]
    [DataRow(300, 257)]
    public void ReadSize_PngAndJpeg_ReturnsEncodedSize(int width, int height)
    {
        string png = layout.Png($"p{width}.png", width, height);
        string jpeg = layout.Jpeg($"j{width}.jpg", width, height);
        Assert.AreEqual((width, height), ImageHeaderReader.ReadSize(png, Listed));
        Assert.AreEqual((width, height), ImageHeaderReader.ReadSize(jpeg, Listed));
    }

    [TestMethod]
    public void ReadSize_JpegWithSegmentsAndFillBytesBeforeFrame_ReturnsFrameSize()
    {
        var jpeg = DatasetLayout.JpegBytes(37, 23);
        // After SOI: a comment segment, an APP1 segment and two fill bytes before the next marker.
        byte[] extra = [0xFF, 0xFE, 0x00, 0x07, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o',
                        0xFF, 0xE1, 0x00, 0x04, 0xC0, 0xC0, 0xFF, 0xFF];
        var bytes = jpeg[..2].Concat(extra).Concat(jpeg[2..]).ToArray();
        string path = layout.Bytes("segments.jpg", bytes);
        Assert.AreEqual((37, 23), ImageHeaderReader.ReadSize(path, Listed));
    }

    [TestMethod]
    public void ReadSize_HandWrittenBmp_ReturnsSize()
    {
        // A 24-bit BMP written by hand: 9×4, rows padded to 28 bytes.
        int row = (9 * 3 + 3) / 4 * 4, size = 54 + row * 4;
        var bmp = new byte[size];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        BitConverter.GetBytes(size).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(9).CopyTo(bmp, 18);
        BitConverter.GetBytes(4).CopyTo(bmp, 22);
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        string path = layout.Bytes("x.bmp", bmp);
        Assert.AreEqual((9, 4), ImageHeaderReader.ReadSize(path, Listed));
    }

    [TestMethod]
    public void ReadSize_Absent_ThrowsFileNotFoundNamingImageAndListing()
    {
        string path = layout.PathOf("absent.jpg");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => ImageHeaderReader.ReadSize(path, Listed));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'list.txt', line 7");
    }

    [TestMethod]
    public void ReadSize_NotAnImage_ThrowsNamingImageAndListing()
    {
        string path = layout.Bytes("text.jpg", "not an image"u8.ToArray());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageHeaderReader.ReadSize(path, Listed));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "'list.txt', line 7");
    }

    [TestMethod]
    public void ReadSize_JpegCutBeforeFrame_ThrowsNamingImage()
    {
        var jpeg = DatasetLayout.JpegBytes(8, 8);
        string path = layout.Bytes("cut.jpg", jpeg[..10]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => ImageHeaderReader.ReadSize(path, Listed));
        StringAssert.Contains(e.Message, path);
    }
}
