using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using static Rfga.MLNet.Tests.Data.MatFileBuilder;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class MatFileTests
{
    private DatasetLayout layout = null!;

    [TestInitialize]
    public void Create() => layout = new DatasetLayout();

    [TestCleanup]
    public void Delete() => layout.Dispose();

    private static readonly string[] Files = ["n02085620-Chihuahua/n02085620_10074.jpg", "n02085782-Japanese_spaniel/n02085782_1039.jpg", "x"];

    private string Write(byte[] bytes) => layout.Bytes("list.mat", bytes);

    [TestMethod]
    public void Read_UncompressedEightBitStringsAndDoubles_ReturnsValues()
    {
        var b = new MatFileBuilder();
        b.CellOfStrings("file_list", Files, MiUInt8, compressed: false).Doubles("labels", [1, 2, 120], MiDouble, compressed: false);
        var mat = MatFile.Read(Write(b.Build()));
        CollectionAssert.AreEqual(Files, mat.Strings("file_list").ToArray());
        CollectionAssert.AreEqual(new double[] { 1, 2, 120 }, mat.Numbers("labels"));
        CollectionAssert.AreEqual(new[] { "file_list", "labels" }, new System.Collections.Generic.List<string>(mat.Names));
    }

    [TestMethod]
    public void Read_CompressedSixteenBitStringsAndUInt8Labels_ReturnsValues()
    {
        var b = new MatFileBuilder();
        b.CellOfStrings("annotation_list", Files, MiUInt16, compressed: true).Doubles("labels", [3, 250, 7], MiUInt8, compressed: true);
        var mat = MatFile.Read(Write(b.Build()));
        CollectionAssert.AreEqual(Files, mat.Strings("annotation_list").ToArray());
        CollectionAssert.AreEqual(new double[] { 3, 250, 7 }, mat.Numbers("labels"));
    }

    [TestMethod]
    public void Read_Utf8AndUtf16Characters_DecodesNonAscii()
    {
        var b = new MatFileBuilder();
        b.CellOfStrings("a", ["Café", "ß"], MiUtf8, compressed: true).CellOfStrings("b", ["Ærø"], MiUtf16, compressed: false);
        var mat = MatFile.Read(Write(b.Build()));
        CollectionAssert.AreEqual(new[] { "Café", "ß" }, mat.Strings("a").ToArray());
        CollectionAssert.AreEqual(new[] { "Ærø" }, mat.Strings("b").ToArray());
    }

    [TestMethod]
    public void Read_BigEndianFile_ReturnsValues()
    {
        var b = new MatFileBuilder(bigEndian: true);
        b.CellOfStrings("file_list", Files, MiUInt16, compressed: true).Doubles("labels", [1.5, -2, 65536], MiDouble, compressed: false)
         .Doubles("ints", [-7, 70000], MiInt32, compressed: false);
        var mat = MatFile.Read(Write(b.Build()));
        CollectionAssert.AreEqual(Files, mat.Strings("file_list").ToArray());
        CollectionAssert.AreEqual(new double[] { 1.5, -2, 65536 }, mat.Numbers("labels"));
        CollectionAssert.AreEqual(new double[] { -7, 70000 }, mat.Numbers("ints"));
    }

    [TestMethod]
    public void Read_EmptyStringAndEmptyCell_ReturnsEmpty()
    {
        var b = new MatFileBuilder();
        b.CellOfStrings("one", [""], MiUInt16, compressed: false).CellOfStrings("none", [], MiUInt16, compressed: true);
        var mat = MatFile.Read(Write(b.Build()));
        CollectionAssert.AreEqual(new[] { "" }, mat.Strings("one").ToArray());
        Assert.IsEmpty(mat.Strings("none"));
    }

    [TestMethod]
    public void Read_ZeroPaddingAfterLastElement_IsIgnored()
    {
        var b = new MatFileBuilder();
        b.Doubles("labels", [4], MiUInt8, compressed: true).Add(new byte[3]);
        CollectionAssert.AreEqual(new double[] { 4 }, MatFile.Read(Write(b.Build())).Numbers("labels"));
    }

    [TestMethod]
    public void Read_MissingFile_ThrowsFileNotFoundNamingPath()
    {
        string path = layout.PathOf("absent.mat");
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Read_ShorterThanHeader_ThrowsNamingFile()
    {
        string path = Write(new byte[100]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "128-byte header");
    }

    [TestMethod]
    public void Read_NoEndianIndicator_ThrowsNamingOffset()
    {
        string path = Write(new MatFileBuilder().Build(endian: "XX"));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "byte 126");
    }

    [TestMethod]
    public void Read_Version73Header_ThrowsHdf5NotSupported()
    {
        string path = Write(new MatFileBuilder().Build(text: "MATLAB 7.3 MAT-file, Platform: GLNXA64", version: 0x0200));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, "7.3 (HDF5)");
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void Read_TruncatedElement_ThrowsNamingFileAndByte()
    {
        var b = new MatFileBuilder();
        var bytes = b.CellOfStrings("file_list", Files, MiUInt8, compressed: false).Build();
        string path = Write(bytes[..^20]);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "truncated");
        StringAssert.Contains(e.Message, "byte ");
    }

    [TestMethod]
    public void Read_CorruptCompressedStream_ThrowsNamingElementOffset()
    {
        var b = new MatFileBuilder();
        var element = b.Compressed(b.Matrix(MxDouble, [1, 1], "x", b.Numeric([1], MiDouble)));
        for (int i = 10; i < element.Length; i++) element[i] ^= 0x5A;
        string path = Write(b.Add(element).Build());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "byte 128");
    }

    [TestMethod]
    public void Read_StructArray_ThrowsUnsupportedClass()
    {
        var b = new MatFileBuilder();
        string path = Write(b.Add(b.Compressed(b.Matrix(MxStruct, [1, 1], "s"))).Build());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, "array class 2");
        StringAssert.Contains(e.Message, "decompressed from the element at byte 128");
    }

    [TestMethod]
    public void Read_ComplexArray_ThrowsOnlyRealSupported()
    {
        var b = new MatFileBuilder();
        string path = Write(b.Add(b.Matrix(MxDouble, 0x08, [1, 1], "z", b.Numeric([1], MiDouble), b.Numeric([2], MiDouble))).Build());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, "complex");
    }

    [TestMethod]
    public void Read_CharStoredAsDouble_ThrowsNamingType()
    {
        var b = new MatFileBuilder();
        string path = Write(b.Add(b.Matrix(MxChar, [1, 1], "c", b.Numeric([65], MiDouble))).Build());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, "data type 9");
    }

    [TestMethod]
    public void Read_CountDisagreesWithDimensions_Throws()
    {
        var b = new MatFileBuilder();
        string path = Write(b.Add(b.Matrix(MxDouble, [3, 1], "labels", b.Numeric([1, 2], MiDouble))).Build());
        var e = Assert.ThrowsExactly<InvalidDataException>(() => MatFile.Read(path));
        StringAssert.Contains(e.Message, "2 values for dimensions 3×1");
    }

    [TestMethod]
    public void Strings_OnNumericOrMissingVariable_ThrowsNamingVariable()
    {
        var b = new MatFileBuilder();
        var mat = MatFile.Read(Write(b.Doubles("labels", [1], MiDouble, compressed: false).Build()));
        var wrongKind = Assert.ThrowsExactly<InvalidDataException>(() => mat.Strings("labels"));
        StringAssert.Contains(wrongKind.Message, "'labels' is a numeric array");
        var missing = Assert.ThrowsExactly<InvalidDataException>(() => mat.Numbers("file_list"));
        StringAssert.Contains(missing.Message, "no variable 'file_list'");
        StringAssert.Contains(missing.Message, "labels");
    }
}
