using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class WsolMetadataReaderTests
{
    private const string A = "001.Black_footed_Albatross";
    private const string B = "002.Laysan_Albatross";

    private DatasetLayout layout = null!;
    private string metadata = "";
    private string images = "";

    [TestInitialize]
    public void Create()
    {
        layout = new DatasetLayout();
        metadata = layout.PathOf("metadata/CUB");
        images = layout.PathOf("dataset/CUB");
    }

    [TestCleanup]
    public void Delete() => layout.Dispose();

    /// <summary>train (no localization, no sizes), val and test with sizes; a test image with two boxes (two lines);
    /// CRLF, LF and trailing blank lines; files in orders other than image_ids.txt.</summary>
    private void WriteMiniature()
    {
        layout.Text("metadata/CUB/train/image_ids.txt", "\n", 1, $"{A}/a1.jpg", $"{B}/b1.png");
        layout.Text("metadata/CUB/train/class_labels.txt", "\n", 1, $"{B}/b1.png,1", $"{A}/a1.jpg,0");
        layout.Text("metadata/CUB/val/image_ids.txt", "\r\n", 2, $"{B}/b2.jpg");
        layout.Text("metadata/CUB/val/class_labels.txt", "\r\n", 0, $"{B}/b2.jpg,1");
        layout.Text("metadata/CUB/val/image_sizes.txt", "\r\n", 0, $"{B}/b2.jpg,30,20");
        layout.Text("metadata/CUB/val/localization.txt", "\r\n", 1, $"{B}/b2.jpg,1,2,29,19");
        layout.Text("metadata/CUB/test/image_ids.txt", "\r\n", 2, $"{A}/a2.jpg", $"{B}/b3.jpg");
        layout.Text("metadata/CUB/test/class_labels.txt", "\r\n", 0, $"{B}/b3.jpg,1", $"{A}/a2.jpg,0");
        layout.Text("metadata/CUB/test/image_sizes.txt", "\r\n", 2, $"{A}/a2.jpg,40,30", $"{B}/b3.jpg,16,12");
        layout.Text("metadata/CUB/test/localization.txt", "\r\n", 2,
            $"{A}/a2.jpg,0,0,39,29", $"{B}/b3.jpg,3,4,10,11", $"{A}/a2.jpg,5,6,7,8");
        layout.Jpeg($"dataset/CUB/{A}/a1.jpg", 22, 11);
        layout.Png($"dataset/CUB/{B}/b1.png", 13, 7);
        layout.Jpeg($"dataset/CUB/{B}/b2.jpg", 30, 20);
        layout.Jpeg($"dataset/CUB/{A}/a2.jpg", 40, 30);
        layout.Jpeg($"dataset/CUB/{B}/b3.jpg", 16, 12);
    }

    [TestMethod]
    public void WsolEvaluationMetadata_MiniatureLayout_ReadsThreeSplits()
    {
        WriteMiniature();
        var set = WsolDatasets.WsolEvaluationMetadata(metadata, images);
        CollectionAssert.AreEqual(new[] { A, B }, set.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { Path.Combine(images, A, "a1.jpg"), Path.Combine(images, B, "b1.png") }, set.Train.Select(r => r.ImagePath).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1 }, set.Train.Select(r => r.ClassIndex).ToArray());
        Assert.IsTrue(set.Train.All(r => r.Boxes.Count == 0));
        Assert.AreEqual((22, 11), (set.Train[0].Width, set.Train[0].Height));   // no image_sizes.txt: from the header
        Assert.AreEqual((13, 7), (set.Train[1].Width, set.Train[1].Height));
        Assert.AreEqual(new PixelBox(1, 2, 29, 19), set.Validation.Single().Boxes.Single());
        CollectionAssert.AreEqual(new[] { 0, 1 }, set.Test.Select(r => r.ClassIndex).ToArray());
        Assert.AreEqual((40, 30), (set.Test[0].Width, set.Test[0].Height));
        Assert.IsEmpty(set.Warnings);
    }

    [TestMethod]
    public void WsolEvaluationMetadata_RepeatedIdLines_GiveSeveralBoxesAsWritten()
    {
        WriteMiniature();
        var set = WsolDatasets.WsolEvaluationMetadata(metadata, images);
        CollectionAssert.AreEqual(new[] { new PixelBox(0, 0, 39, 29), new PixelBox(5, 6, 7, 8) }, set.Test[0].Boxes.ToArray());
        Assert.AreEqual(new PixelBox(3, 4, 10, 11), set.Test[1].Boxes.Single());
    }

    [TestMethod]
    public void WsolEvaluationMetadata_ListedSizes_AreUsedWithoutReadingHeaders()
    {
        WriteMiniature();
        layout.Text("metadata/CUB/test/image_sizes.txt", "\n", 0, $"{A}/a2.jpg,400,300", $"{B}/b3.jpg,160,120");
        var set = WsolDatasets.WsolEvaluationMetadata(metadata, images);
        Assert.AreEqual((400, 300), (set.Test[0].Width, set.Test[0].Height));
    }

    [TestMethod]
    public void WsolEvaluationMetadata_ClassNamesOption_NamesTheLabels()
    {
        WriteMiniature();
        var set = WsolDatasets.WsolEvaluationMetadata(metadata, images, new WsolMetadataOptions { ClassNames = ["albatross", "laysan", "spare"] });
        CollectionAssert.AreEqual(new[] { "albatross", "laysan", "spare" }, set.ClassNames.ToArray());
        Assert.AreEqual("laysan", set.Test[1].ClassName);
    }

    [TestMethod]
    public void WsolEvaluationMetadata_TooFewClassNames_ThrowsNamingLine()
    {
        WriteMiniature();
        var e = Assert.ThrowsExactly<InvalidDataException>(() =>
            WsolDatasets.WsolEvaluationMetadata(metadata, images, new WsolMetadataOptions { ClassNames = ["albatross"] }));
        StringAssert.Contains(e.Message, "class label 1 has no name");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_FoldersNotOneToOne_NamesLabelsByNumber()
    {
        WriteMiniature();
        layout.Text("metadata/CUB/train/class_labels.txt", "\n", 0, $"{B}/b1.png,0", $"{A}/a1.jpg,0");
        layout.Text("metadata/CUB/val/class_labels.txt", "\n", 0, $"{B}/b2.jpg,0");
        layout.Text("metadata/CUB/test/class_labels.txt", "\n", 0, $"{B}/b3.jpg,1", $"{A}/a2.jpg,0");
        var set = WsolDatasets.WsolEvaluationMetadata(metadata, images);
        CollectionAssert.AreEqual(new[] { "0", "1" }, set.ClassNames.ToArray());
    }

    [TestMethod]
    public void WsolEvaluationMetadata_BoxPastImage_KeepPolicyKeepsItAsTheReference()
    {
        WriteMiniature();
        layout.Text("metadata/CUB/test/localization.txt", "\n", 0, $"{A}/a2.jpg,0,0,40,29", $"{B}/b3.jpg,3,4,10,11");
        var kept = WsolDatasets.WsolEvaluationMetadata(metadata, images, new WsolMetadataOptions { OutOfImageBoxes = OutOfImageBoxPolicy.Keep });
        Assert.AreEqual(new PixelBox(0, 0, 40, 29), kept.Test[0].Boxes.Single());
        var clipped = WsolDatasets.WsolEvaluationMetadata(metadata, images);
        Assert.AreEqual(new PixelBox(0, 0, 39, 29), clipped.Test[0].Boxes.Single());
        StringAssert.Contains(clipped.Warnings.Single(), "localization.txt', line 1");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_BadLabelLine_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        string path = layout.Text("metadata/CUB/test/class_labels.txt", "\r\n", 0, $"{B}/b3.jpg,1", $"{A}/a2.jpg;0");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, $"'{path}', line 2:");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_IdNotInImageIds_ThrowsNamingLine()
    {
        WriteMiniature();
        string path = layout.Text("metadata/CUB/test/localization.txt", "\n", 0, $"{A}/a2.jpg,0,0,39,29", $"{B}/b3.jpg,3,4,10,11", $"{B}/b9.jpg,1,1,2,2");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, $"'{path}', line 3:");
        StringAssert.Contains(e.Message, "b9.jpg");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_InvertedBox_ThrowsNamingLine()
    {
        WriteMiniature();
        string path = layout.Text("metadata/CUB/test/localization.txt", "\n", 0, $"{A}/a2.jpg,0,0,39,29", $"{B}/b3.jpg,10,4,3,11");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, $"'{path}', line 2:");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_TestImageWithoutBox_Throws()
    {
        WriteMiniature();
        string path = layout.Text("metadata/CUB/test/localization.txt", "\n", 0, $"{A}/a2.jpg,0,0,39,29");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "b3.jpg");
        StringAssert.Contains(e.Message, "has no box");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_TestWithoutLocalization_ThrowsFileNotFound()
    {
        WriteMiniature();
        File.Delete(layout.PathOf("metadata/CUB/test/localization.txt"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, layout.PathOf("metadata/CUB/test/localization.txt"));
    }

    [TestMethod]
    public void WsolEvaluationMetadata_NoTrainFolder_WarnsAndReturnsEmptyTrain()
    {
        WriteMiniature();
        Directory.Delete(layout.PathOf("metadata/CUB/train"), recursive: true);
        var set = WsolDatasets.WsolEvaluationMetadata(metadata, images);
        Assert.IsEmpty(set.Train);
        StringAssert.Contains(set.Warnings.Single(), "no train split");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_NoTestFolder_ThrowsDirectoryNotFound()
    {
        WriteMiniature();
        Directory.Delete(layout.PathOf("metadata/CUB/test"), recursive: true);
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, Path.Combine(metadata, "test"));
    }

    [TestMethod]
    public void WsolEvaluationMetadata_EmptyImageIds_ThrowsEmptySplit()
    {
        WriteMiniature();
        string path = layout.Text("metadata/CUB/val/image_ids.txt", "\r\n", 3);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "empty split");
    }

    [TestMethod]
    public void WsolEvaluationMetadata_ListedImageAbsent_ThrowsNamingImageAndLine()
    {
        WriteMiniature();
        File.Delete(layout.PathOf($"dataset/CUB/{B}/b3.jpg"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.WsolEvaluationMetadata(metadata, images));
        StringAssert.Contains(e.Message, layout.PathOf($"dataset/CUB/{B}/b3.jpg"));
        StringAssert.Contains(e.Message, "image_ids.txt', line 2");
    }
}
