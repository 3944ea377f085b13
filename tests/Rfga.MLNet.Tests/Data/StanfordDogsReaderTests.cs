using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Localization;
using static Rfga.MLNet.Tests.Data.MatFileBuilder;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class StanfordDogsReaderTests
{
    private const string Chihuahua = "n02085620-Chihuahua";
    private const string Spaniel = "n02085782-Japanese_spaniel";

    private DatasetLayout layout = null!;

    [TestInitialize]
    public void Create() => layout = new DatasetLayout();

    [TestCleanup]
    public void Delete() => layout.Dispose();

    private static string Annotation(int width, int height, params (int X0, int Y0, int X1, int Y1)[] boxes)
    {
        var objects = string.Concat(boxes.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"\t<object>\r\n\t\t<name>dog</name>\r\n\t\t<pose>Unspecified</pose>\r\n\t\t<truncated>0</truncated>\r\n\t\t<difficult>0</difficult>\r\n" +
            $"\t\t<bndbox>\r\n\t\t\t<xmin>{b.X0}</xmin>\r\n\t\t\t<ymin>{b.Y0}</ymin>\r\n\t\t\t<xmax>{b.X1}</xmax>\r\n\t\t\t<ymax>{b.Y1}</ymax>\r\n\t\t</bndbox>\r\n\t</object>\r\n")));
        return "<annotation>\r\n\t<folder>02085620</folder>\r\n\t<filename>x</filename>\r\n\t<source>\r\n\t\t<database>ImageNet database</database>\r\n\t</source>\r\n" +
            $"\t<size>\r\n\t\t<width>{width}</width>\r\n\t\t<height>{height}</height>\r\n\t\t<depth>3</depth>\r\n\t</size>\r\n\t<segment>0</segment>\r\n{objects}</annotation>\r\n";
    }

    private void WriteList(string name, IReadOnlyList<string> files, IReadOnlyList<double> labels, bool compressed, int charType)
    {
        var b = new MatFileBuilder();
        b.CellOfStrings("file_list", files, charType, compressed)
         .CellOfStrings("annotation_list", files.Select(f => f[..^4]).ToArray(), charType, compressed)
         .Doubles("labels", labels, compressed ? MiUInt8 : MiDouble, compressed);
        layout.Bytes(name, b.Build());
    }

    /// <summary>
    /// Two breeds; train_list.mat compressed with 16-bit characters and uint8-stored labels, test_list.mat plain with
    /// 8-bit characters and double labels; CRLF XML; one image with two boxes; XML sizes that differ from the files'.
    /// </summary>
    private void WriteMiniature()
    {
        string[] train = [$"{Chihuahua}/n02085620_10074.jpg", $"{Spaniel}/n02085782_1039.jpg", $"{Chihuahua}/n02085620_1152.jpg"];
        string[] test = [$"{Spaniel}/n02085782_1058.jpg"];
        WriteList("train_list.mat", train, [1, 2, 1], compressed: true, MiUInt16);
        WriteList("test_list.mat", test, [2], compressed: false, MiUInt8);
        foreach (var f in train.Concat(test)) layout.Jpeg("Images/" + f, 24, 18);
        layout.Text($"Annotation/{Chihuahua}/n02085620_10074", "", 0, Annotation(333, 500, (25, 10, 276, 498)));
        layout.Text($"Annotation/{Spaniel}/n02085782_1039", "", 0, Annotation(500, 375, (0, 0, 499, 374), (100, 50, 200, 150)));
        layout.Text($"Annotation/{Chihuahua}/n02085620_1152", "", 0, Annotation(300, 200, (1, 2, 3, 4)));
        layout.Text($"Annotation/{Spaniel}/n02085782_1058", "", 0, Annotation(64, 48, (5, 6, 60, 40)));
    }

    [TestMethod]
    public void StanfordDogs_MiniatureLayout_ReadsSplitsClassesAndSizesFromXml()
    {
        WriteMiniature();
        var set = WsolDatasets.StanfordDogs(layout.Root);
        CollectionAssert.AreEqual(new[] { Chihuahua, Spaniel }, set.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 0 }, set.Train.Select(r => r.ClassIndex).ToArray());
        Assert.AreEqual(Spaniel, set.Test.Single().ClassName);
        Assert.AreEqual(Path.Combine(layout.Root, "Images", Chihuahua, "n02085620_10074.jpg"), set.Train[0].ImagePath);
        Assert.AreEqual((333, 500), (set.Train[0].Width, set.Train[0].Height));   // the XML's size, not the file header's
        Assert.AreEqual((64, 48), (set.Test[0].Width, set.Test[0].Height));
        Assert.IsEmpty(set.Validation);
        Assert.IsEmpty(set.Warnings);
    }

    [TestMethod]
    public void StanfordDogs_XmlBoxes_AreUsedAsWrittenWithEveryObject()
    {
        WriteMiniature();
        var set = WsolDatasets.StanfordDogs(layout.Root);
        Assert.AreEqual(new PixelBox(25, 10, 276, 498), set.Train[0].Boxes.Single());
        CollectionAssert.AreEqual(new[] { new PixelBox(0, 0, 499, 374), new PixelBox(100, 50, 200, 150) }, set.Train[1].Boxes.ToArray());
    }

    [TestMethod]
    public void StanfordDogs_XmlWithoutSize_ReadsTheImageHeader()
    {
        WriteMiniature();
        layout.Text($"Annotation/{Chihuahua}/n02085620_1152", "\n", 0,
            "<annotation>", "<object><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>", "</annotation>");
        var set = WsolDatasets.StanfordDogs(layout.Root);
        Assert.AreEqual((24, 18), (set.Train[2].Width, set.Train[2].Height));
    }

    [TestMethod]
    public void StanfordDogs_BoxPastXmlSize_ClipsAndWarns()
    {
        WriteMiniature();
        layout.Text($"Annotation/{Spaniel}/n02085782_1058", "", 0, Annotation(64, 48, (5, 6, 64, 40)));
        var set = WsolDatasets.StanfordDogs(layout.Root);
        Assert.AreEqual(new PixelBox(5, 6, 63, 40), set.Test[0].Boxes.Single());
        StringAssert.Contains(set.Warnings.Single(), "n02085782_1058");
    }

    [TestMethod]
    public void StanfordDogs_MalformedXml_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        string path = layout.Text($"Annotation/{Spaniel}/n02085782_1039", "\r\n", 0, "<annotation>", "<size><width>5</width>", "</annotation>");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, $"'{path}', line 3:");
    }

    [TestMethod]
    public void StanfordDogs_BndboxWithoutXmax_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        string path = layout.Text($"Annotation/{Chihuahua}/n02085620_1152", "\n", 0,
            "<annotation>", "<object>", "<bndbox><xmin>1</xmin><ymin>2</ymin><ymax>4</ymax></bndbox>", "</object>", "</annotation>");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, $"'{path}', line 3:");
        StringAssert.Contains(e.Message, "<xmax>");
    }

    [TestMethod]
    public void StanfordDogs_NonNumericCoordinate_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        string path = layout.Text($"Annotation/{Chihuahua}/n02085620_1152", "\n", 0,
            "<annotation>", "<object>", "<bndbox>", "<xmin>1</xmin>", "<ymin>two</ymin>", "<xmax>3</xmax><ymax>4</ymax></bndbox>", "</object>", "</annotation>");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, $"'{path}', line 5:");
    }

    [TestMethod]
    public void StanfordDogs_AnnotationWithoutObject_ThrowsNamingFile()
    {
        WriteMiniature();
        string path = layout.Text($"Annotation/{Chihuahua}/n02085620_1152", "\n", 0, "<annotation><size><width>3</width><height>3</height></size></annotation>");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "no <object>");
    }

    [TestMethod]
    public void StanfordDogs_AnnotationAbsent_ThrowsFileNotFoundNamingIt()
    {
        WriteMiniature();
        string path = layout.PathOf($"Annotation/{Spaniel}/n02085782_1058");
        File.Delete(path);
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, path);
    }

    [TestMethod]
    public void StanfordDogs_ListedImageAbsent_ThrowsNamingImageAndEntry()
    {
        WriteMiniature();
        string path = layout.PathOf($"Images/{Chihuahua}/n02085620_1152.jpg");
        File.Delete(path);
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "train_list.mat', entry 3");
    }

    [TestMethod]
    public void StanfordDogs_LabelWithTwoFolders_ThrowsNamingEntry()
    {
        WriteMiniature();
        WriteList("train_list.mat", [$"{Chihuahua}/n02085620_10074.jpg", $"{Spaniel}/n02085782_1039.jpg", $"{Chihuahua}/n02085620_1152.jpg"],
            [1, 2, 2], compressed: true, MiUtf8);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, "train_list.mat', entry 3:");
        StringAssert.Contains(e.Message, "label 2");
    }

    [TestMethod]
    public void StanfordDogs_NonIntegerLabel_ThrowsNamingEntry()
    {
        WriteMiniature();
        WriteList("test_list.mat", [$"{Spaniel}/n02085782_1058.jpg"], [1.5], compressed: false, MiUInt16);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, "test_list.mat', entry 1:");
        StringAssert.Contains(e.Message, "1.5");
    }

    [TestMethod]
    public void StanfordDogs_EmptyTestList_ThrowsEmptySplit()
    {
        WriteMiniature();
        WriteList("test_list.mat", [], [], compressed: true, MiUInt16);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, "empty split");
        StringAssert.Contains(e.Message, "test_list.mat");
    }

    [TestMethod]
    public void StanfordDogs_MissingList_ThrowsFileNotFoundNamingIt()
    {
        WriteMiniature();
        File.Delete(layout.PathOf("test_list.mat"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.StanfordDogs(layout.Root));
        StringAssert.Contains(e.Message, layout.PathOf("test_list.mat"));
    }
}
