using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class Cub200ReaderTests
{
    private DatasetLayout layout = null!;
    private string root = "";

    [TestInitialize]
    public void Create()
    {
        layout = new DatasetLayout();
        root = layout.PathOf("CUB_200_2011");
    }

    [TestCleanup]
    public void Delete() => layout.Dispose();

    /// <summary>
    /// 3 classes, 5 images (ids 1-based), files in mixed line ends (CRLF, LF) with trailing blank lines, the per-image
    /// files in an order other than images.txt, a fractional box, images as JPEG and PNG.
    /// </summary>
    private void WriteMiniature()
    {
        layout.Text("CUB_200_2011/classes.txt", "\r\n", 2, "1 001.Black_footed_Albatross", "2 002.Laysan_Albatross", "3 003.Sooty_Albatross");
        layout.Text("CUB_200_2011/images.txt", "\r\n", 1,
            "1 001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg",
            "2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg",
            "3 002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg",
            "4 003.Sooty_Albatross/Sooty_Albatross_0031_1066.png",
            "5 003.Sooty_Albatross/Sooty_Albatross_0007_796.jpg");
        layout.Text("CUB_200_2011/image_class_labels.txt", "\n", 3, "5 3", "4 3", "3 2", "2 1", "1 1");
        layout.Text("CUB_200_2011/train_test_split.txt", "\r\n", 0, "1 0", "2 1", "3 1", "4 0", "5 1");
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 2,
            "1 60.0 27.0 325.0 304.0",
            "2 1.6 0.5 1.6 2.9",
            "3 0.0 0.0 39.0 29.0",
            "4 10.0 5.0 20.0 10.0",
            "5 2.5 3.25 10.7 20.74");
        layout.Jpeg("CUB_200_2011/images/001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg", 500, 400);
        layout.Jpeg("CUB_200_2011/images/001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg", 16, 12);
        layout.Jpeg("CUB_200_2011/images/002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg", 40, 30);
        layout.Png("CUB_200_2011/images/003.Sooty_Albatross/Sooty_Albatross_0031_1066.png", 33, 17);
        layout.Jpeg("CUB_200_2011/images/003.Sooty_Albatross/Sooty_Albatross_0007_796.jpg", 20, 30);
    }

    [TestMethod]
    public void Cub200_MiniatureLayout_ReadsSplitsInListOrder()
    {
        WriteMiniature();
        var data = WsolDatasets.Cub200(root);
        Assert.AreEqual("CUB-200-2011", data.Name);
        CollectionAssert.AreEqual(new[] { "001.Black_footed_Albatross", "002.Laysan_Albatross", "003.Sooty_Albatross" }, data.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { "Black_Footed_Albatross_0009_34.jpg", "Laysan_Albatross_0002_1027.jpg", "Sooty_Albatross_0007_796.jpg" },
            data.Train.Select(r => Path.GetFileName(r.ImagePath)).ToArray());
        CollectionAssert.AreEqual(new[] { "Black_Footed_Albatross_0046_18.jpg", "Sooty_Albatross_0031_1066.png" },
            data.Test.Select(r => Path.GetFileName(r.ImagePath)).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, data.Train.Select(r => r.ClassIndex).ToArray());
        CollectionAssert.AreEqual(new[] { "001.Black_footed_Albatross", "002.Laysan_Albatross", "003.Sooty_Albatross" }, data.Train.Select(r => r.ClassName).ToArray());
        Assert.IsEmpty(data.Validation);
        Assert.IsEmpty(data.Warnings);
        var first = data.Test[0];
        Assert.IsTrue(Path.IsPathFullyQualified(first.ImagePath));
        Assert.IsTrue(File.Exists(first.ImagePath));
        Assert.AreEqual((500, 400), (first.Width, first.Height));
        Assert.AreEqual((33, 17), (data.Test[1].Width, data.Test[1].Height));
        Assert.AreEqual(0, first.CropBottom);
    }

    [TestMethod]
    public void Cub200_PublisherXywh_TruncatesTheDoubleSumsAsTheReference()
    {
        WriteMiniature();
        var previous = CultureInfo.CurrentCulture;
        WsolSplits data;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");   // a decimal comma must not change parsing
            data = WsolDatasets.Cub200(root);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
        // [int(x), int(y), int(x + w), int(y + h)]: 60+325 = 385; 1.6+1.6 = 3.2 → 3 (not int(x)+int(w) = 2);
        // 0.5+2.9 = 3.4 → 3; 2.5+10.7 = 13.2 → 13; 3.25+20.74 = 23.99 → 23 (not rounded to 24).
        Assert.AreEqual(new PixelBox(60, 27, 385, 331), data.Test[0].Boxes.Single());
        Assert.AreEqual(new PixelBox(1, 0, 3, 3), data.Train[0].Boxes.Single());
        Assert.AreEqual(new PixelBox(0, 0, 39, 29), data.Train[1].Boxes.Single());
        Assert.AreEqual(new PixelBox(2, 3, 13, 23), data.Train[2].Boxes.Single());
    }

    [TestMethod]
    public void Cub200_ParentOfCubFolder_FindsTheDataSet()
    {
        WriteMiniature();
        Assert.HasCount(3, WsolDatasets.Cub200(layout.Root).Train);
    }

    [TestMethod]
    public void Cub200_MissingRoot_ThrowsDirectoryNotFoundNamingIt()
    {
        string absent = layout.PathOf("nowhere");
        var e = Assert.ThrowsExactly<DirectoryNotFoundException>(() => WsolDatasets.Cub200(absent));
        StringAssert.Contains(e.Message, absent);
    }

    [TestMethod]
    public void Cub200_MissingListing_ThrowsFileNotFoundNamingIt()
    {
        WriteMiniature();
        File.Delete(layout.PathOf("CUB_200_2011/bounding_boxes.txt"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, Path.Combine(root, "bounding_boxes.txt"));
    }

    [TestMethod]
    public void Cub200_UnparsableNumber_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 1, "1 60.0 27.0 325.0 304.0", "", "2 1.6 abc 1.6 2.9");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, $"'{Path.Combine(root, "bounding_boxes.txt")}', line 3:");
        StringAssert.Contains(e.Message, "\"abc\"");
    }

    [TestMethod]
    public void Cub200_WrongFieldCount_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/train_test_split.txt", "\n", 0, "1 0", "2 1 7", "3 1", "4 0", "5 1");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, $"'{Path.Combine(root, "train_test_split.txt")}', line 2:");
    }

    [TestMethod]
    public void Cub200_IdMissingFromLabels_ThrowsNamingFileAndId()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/image_class_labels.txt", "\n", 0, "5 3", "4 3", "2 1", "1 1");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, Path.Combine(root, "image_class_labels.txt"));
        StringAssert.Contains(e.Message, "image id 3");
    }

    [TestMethod]
    public void Cub200_UnknownIdOrDuplicate_ThrowsNamingLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/image_class_labels.txt", "\n", 0, "5 3", "4 3", "3 2", "2 1", "1 1", "9 1");
        var unknown = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(unknown.Message, "line 6: image id 9 is not in images.txt");
        layout.Text("CUB_200_2011/image_class_labels.txt", "\n", 0, "5 3", "4 3", "3 2", "2 1", "1 1", "3 2");
        var duplicate = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(duplicate.Message, "line 6: image id 3 is listed twice");
    }

    [TestMethod]
    public void Cub200_ClassIdOutOfRange_ThrowsNamingLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/image_class_labels.txt", "\n", 0, "5 3", "4 4", "3 2", "2 1", "1 1");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, "line 2: class id 4 is not in classes.txt (1..3)");
    }

    [TestMethod]
    public void Cub200_ListedImageAbsent_ThrowsNamingImageAndListingLine()
    {
        WriteMiniature();
        string image = layout.PathOf("CUB_200_2011/images/002.Laysan_Albatross/Laysan_Albatross_0002_1027.jpg");
        File.Delete(image);
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, image);
        StringAssert.Contains(e.Message, $"'{Path.Combine(root, "images.txt")}', line 3");
    }

    [TestMethod]
    public void Cub200_ImageCheckNone_TouchesNoImageAndLeavesSizesUnknown()
    {
        WriteMiniature();
        Directory.Delete(layout.PathOf("CUB_200_2011/images"), recursive: true);
        var data = WsolDatasets.Cub200(root, new WsolDatasetOptions { ImageCheck = ImageFileCheck.None });
        Assert.IsTrue(data.Train.Concat(data.Test).All(r => r.Width == 0 && r.Height == 0));
        Assert.AreEqual(new PixelBox(60, 27, 385, 331), data.Test[0].Boxes.Single());
    }

    [TestMethod]
    public void Cub200_ImageCheckExists_LeavesSizesUnknown()
    {
        WriteMiniature();
        var data = WsolDatasets.Cub200(root, new WsolDatasetOptions { ImageCheck = ImageFileCheck.Exists });
        Assert.AreEqual((0, 0), (data.Test[0].Width, data.Test[0].Height));
    }

    [TestMethod]
    public void Cub200_BoxesPastImage_ClipsAndWarnsOncePerDataSet()
    {
        WriteMiniature();
        // Image 2 is 16×12 and image 4 is 33×17: both boxes end past the edge.
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 0,
            "1 60.0 27.0 325.0 304.0", "2 1.0 2.0 20.0 5.0", "3 0.0 0.0 39.0 29.0", "4 10.0 5.0 40.0 10.0", "5 2.5 3.25 10.7 20.74");
        var data = WsolDatasets.Cub200(root);
        Assert.AreEqual(new PixelBox(1, 2, 15, 7), data.Train[0].Boxes.Single());
        Assert.AreEqual(new PixelBox(10, 5, 32, 15), data.Test[1].Boxes.Single());
        Assert.HasCount(1, data.Warnings);
        StringAssert.Contains(data.Warnings[0], "2 ground-truth box(es)");
        StringAssert.Contains(data.Warnings[0], "clipped");
        StringAssert.Contains(data.Warnings[0], "line 2");
    }

    [TestMethod]
    public void Cub200_BoxPastImageWithErrorPolicy_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 0,
            "1 60.0 27.0 325.0 304.0", "2 1.0 2.0 20.0 5.0", "3 0.0 0.0 39.0 29.0", "4 10.0 5.0 20.0 10.0", "5 2.5 3.25 10.7 20.74");
        var e = Assert.ThrowsExactly<InvalidDataException>(() =>
            WsolDatasets.Cub200(root, new WsolDatasetOptions { OutOfImageBoxes = OutOfImageBoxPolicy.Error }));
        StringAssert.Contains(e.Message, $"'{Path.Combine(root, "bounding_boxes.txt")}', line 2:");
        StringAssert.Contains(e.Message, "16×12");
    }

    [TestMethod]
    public void Cub200_BoxPastImageWithKeepPolicy_KeepsItAndWarns()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 0,
            "1 60.0 27.0 325.0 304.0", "2 1.0 2.0 20.0 5.0", "3 0.0 0.0 39.0 29.0", "4 10.0 5.0 20.0 10.0", "5 2.5 3.25 10.7 20.74");
        var data = WsolDatasets.Cub200(root, new WsolDatasetOptions { OutOfImageBoxes = OutOfImageBoxPolicy.Keep });
        Assert.AreEqual(new PixelBox(1, 2, 21, 7), data.Train[0].Boxes.Single());
        StringAssert.Contains(data.Warnings.Single(), "kept as written");
    }

    [TestMethod]
    public void Cub200_BoxWhollyOutsideImage_ThrowsEvenWhenClipping()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 0,
            "1 60.0 27.0 325.0 304.0", "2 17.0 2.0 2.0 5.0", "3 0.0 0.0 39.0 29.0", "4 10.0 5.0 20.0 10.0", "5 2.5 3.25 10.7 20.74");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, "line 2:");
        StringAssert.Contains(e.Message, "wholly outside");
    }

    [TestMethod]
    public void Cub200_NegativeWidth_ThrowsNamingLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/bounding_boxes.txt", "\r\n", 0,
            "1 60.0 27.0 325.0 304.0", "2 1.0 2.0 2.0 5.0", "3 0.0 0.0 39.0 29.0", "4 10.0 5.0 -20.0 10.0", "5 2.5 3.25 10.7 20.74");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, "line 4:");
    }

    [TestMethod]
    public void Cub200_NoTestImage_ThrowsEmptySplit()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/train_test_split.txt", "\r\n", 0, "1 1", "2 1", "3 1", "4 1", "5 1");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, "the test split is empty");
        StringAssert.Contains(e.Message, Path.Combine(root, "train_test_split.txt"));
    }

    [TestMethod]
    public void Cub200_ClassIdsOutOfSequence_ThrowsNamingLine()
    {
        WriteMiniature();
        layout.Text("CUB_200_2011/classes.txt", "\n", 0, "1 001.Black_footed_Albatross", "3 003.Sooty_Albatross");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.Cub200(root));
        StringAssert.Contains(e.Message, $"'{Path.Combine(root, "classes.txt")}', line 2:");
    }
}
