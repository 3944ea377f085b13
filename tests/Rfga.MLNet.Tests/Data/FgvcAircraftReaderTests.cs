using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class FgvcAircraftReaderTests
{
    private DatasetLayout layout = null!;
    private string root = "";
    private string data = "";

    [TestInitialize]
    public void Create()
    {
        layout = new DatasetLayout();
        root = layout.PathOf("fgvc-aircraft-2013b");
        data = Path.Combine(root, "data");
    }

    [TestCleanup]
    public void Delete() => layout.Dispose();

    /// <summary>
    /// Class lists in shipped (unsorted) order with spaces, '/' and '-' in names; ids with leading zeros;
    /// CRLF and LF files with trailing blank lines; 1-based boxes; 40×50 JPEGs (30 rows of picture + 20 of banner).
    /// </summary>
    private void WriteMiniature()
    {
        const string d = "fgvc-aircraft-2013b/data/";
        layout.Text(d + "variants.txt", "\r\n", 2, "707-320", "F/A-18", "Cessna 172", "A300B4");
        layout.Text(d + "families.txt", "\n", 1, "Boeing 707", "F/A-18", "Cessna 172", "A300");
        layout.Text(d + "manufacturers.txt", "\n", 0, "Boeing", "McDonnell Douglas", "Cessna", "Airbus");
        layout.Text(d + "images_variant_train.txt", "\r\n", 1, "0034309 707-320", "1514522 F/A-18");
        layout.Text(d + "images_variant_val.txt", "\r\n", 1, "0062765 Cessna 172");
        layout.Text(d + "images_variant_trainval.txt", "\r\n", 1, "0034309 707-320", "1514522 F/A-18", "0062765 Cessna 172");
        layout.Text(d + "images_variant_test.txt", "\r\n", 3, "0056978 A300B4", "0100001 Cessna 172");
        layout.Text(d + "images_family_train.txt", "\n", 0, "0034309 Boeing 707", "1514522 F/A-18");
        layout.Text(d + "images_family_val.txt", "\n", 0, "0062765 Cessna 172");
        layout.Text(d + "images_family_test.txt", "\n", 0, "0056978 A300", "0100001 Cessna 172");
        layout.Text(d + "images_box.txt", "\r\n", 2,
            "0034309 1 1 40 30", "1514522 3 4 12 20", "0062765 2 2 39 29", "0056978 5 6 25 26", "0100001 10 10 20 20");
        foreach (var id in new[] { "0034309", "1514522", "0062765", "0056978", "0100001" })
            layout.Jpeg(d + $"images/{id}.jpg", 40, 50);
    }

    [TestMethod]
    public void FgvcAircraft_MiniatureLayout_ReadsVariantSplitsInShippedClassOrder()
    {
        WriteMiniature();
        var set = WsolDatasets.FgvcAircraft(root);
        CollectionAssert.AreEqual(new[] { "707-320", "F/A-18", "Cessna 172", "A300B4" }, set.ClassNames.ToArray());
        CollectionAssert.AreEqual(new[] { "0034309.jpg", "1514522.jpg" }, set.Train.Select(r => Path.GetFileName(r.ImagePath)).ToArray());
        CollectionAssert.AreEqual(new[] { 0, 1 }, set.Train.Select(r => r.ClassIndex).ToArray());
        Assert.AreEqual("Cessna 172", set.Validation.Single().ClassName);
        Assert.AreEqual(2, set.Validation.Single().ClassIndex);
        CollectionAssert.AreEqual(new[] { 3, 2 }, set.Test.Select(r => r.ClassIndex).ToArray());
        Assert.AreEqual(Path.Combine(data, "images", "0056978.jpg"), set.Test[0].ImagePath);
        Assert.AreEqual((40, 50, 0), (set.Test[0].Width, set.Test[0].Height, set.Test[0].CropBottom));
        Assert.IsEmpty(set.Warnings);
    }

    [TestMethod]
    public void FgvcAircraft_OneBasedCorners_AreShiftedByOne()
    {
        WriteMiniature();
        var set = WsolDatasets.FgvcAircraft(root);
        Assert.AreEqual(new PixelBox(0, 0, 39, 29), set.Train[0].Boxes.Single());   // (1,1)-(40,30) covers a 40-wide image
        Assert.AreEqual(new PixelBox(2, 3, 11, 19), set.Train[1].Boxes.Single());
        Assert.AreEqual(new PixelBox(4, 5, 24, 25), set.Test[0].Boxes.Single());
    }

    [TestMethod]
    public void FgvcAircraft_ZeroCoordinate_ThrowsAsNotOneBased()
    {
        WriteMiniature();
        layout.Text("fgvc-aircraft-2013b/data/images_box.txt", "\n", 0,
            "0034309 1 1 40 30", "1514522 0 4 12 20", "0062765 2 2 39 29", "0056978 5 6 25 26", "0100001 10 10 20 20");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.FgvcAircraft(root));
        StringAssert.Contains(e.Message, $"'{Path.Combine(data, "images_box.txt")}', line 2:");
        StringAssert.Contains(e.Message, "1-based");
    }

    [TestMethod]
    public void FgvcAircraft_FamilyLevel_UsesFamilyListsAndNames()
    {
        WriteMiniature();
        var set = WsolDatasets.FgvcAircraft(data, new FgvcAircraftOptions { Level = AircraftAnnotationLevel.Family });
        CollectionAssert.AreEqual(new[] { "Boeing 707", "F/A-18", "Cessna 172", "A300" }, set.ClassNames.ToArray());
        Assert.AreEqual("Boeing 707", set.Train[0].ClassName);
        Assert.AreEqual(3, set.Test[0].ClassIndex);
    }

    [TestMethod]
    public void FgvcAircraft_ManufacturerLevelWithoutItsLists_ThrowsFileNotFound()
    {
        WriteMiniature();
        var e = Assert.ThrowsExactly<FileNotFoundException>(() =>
            WsolDatasets.FgvcAircraft(root, new FgvcAircraftOptions { Level = AircraftAnnotationLevel.Manufacturer }));
        StringAssert.Contains(e.Message, Path.Combine(data, "images_manufacturer_train.txt"));
    }

    [TestMethod]
    public void FgvcAircraft_TrainOnTrainVal_MergesValIntoTrain()
    {
        WriteMiniature();
        var set = WsolDatasets.FgvcAircraft(root, new FgvcAircraftOptions { TrainOnTrainVal = true });
        Assert.HasCount(3, set.Train);
        Assert.IsEmpty(set.Validation);
    }

    [TestMethod]
    public void FgvcAircraft_CropBanner_ShrinksHeightAndClipsWithOneWarning()
    {
        WriteMiniature();
        layout.Text("fgvc-aircraft-2013b/data/images_box.txt", "\r\n", 0,
            "0034309 1 1 40 40", "1514522 3 4 12 20", "0062765 2 2 39 29", "0056978 5 6 25 35", "0100001 10 10 20 20");
        var set = WsolDatasets.FgvcAircraft(root, new FgvcAircraftOptions { CropBanner = true });
        Assert.AreEqual((40, 30, 20), (set.Train[0].Width, set.Train[0].Height, set.Train[0].CropBottom));
        Assert.AreEqual(new PixelBox(0, 0, 39, 29), set.Train[0].Boxes.Single());
        Assert.AreEqual(new PixelBox(4, 5, 24, 29), set.Test[0].Boxes.Single());
        StringAssert.Contains(set.Warnings.Single(), "2 ground-truth box(es)");
    }

    [TestMethod]
    public void FgvcAircraft_CropBannerWithoutSizes_ThrowsArgumentException()
    {
        WriteMiniature();
        Assert.ThrowsExactly<ArgumentException>(() =>
            WsolDatasets.FgvcAircraft(root, new FgvcAircraftOptions { CropBanner = true, ImageCheck = ImageFileCheck.Exists }));
    }

    [TestMethod]
    public void FgvcAircraft_UnknownClassName_ThrowsNamingFileAndLine()
    {
        WriteMiniature();
        layout.Text("fgvc-aircraft-2013b/data/images_variant_test.txt", "\r\n", 0, "0056978 A300B4", "0100001 Cessna  172");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.FgvcAircraft(root));
        StringAssert.Contains(e.Message, $"'{Path.Combine(data, "images_variant_test.txt")}', line 2:");
        StringAssert.Contains(e.Message, "Cessna  172");
    }

    [TestMethod]
    public void FgvcAircraft_IdWithoutBox_ThrowsNamingLine()
    {
        WriteMiniature();
        layout.Text("fgvc-aircraft-2013b/data/images_variant_val.txt", "\n", 0, "62765 Cessna 172");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.FgvcAircraft(root));
        StringAssert.Contains(e.Message, $"'{Path.Combine(data, "images_variant_val.txt")}', line 1:");
        StringAssert.Contains(e.Message, "\"62765\" has no box");
    }

    [TestMethod]
    public void FgvcAircraft_NonIntegerBox_ThrowsNamingLine()
    {
        WriteMiniature();
        layout.Text("fgvc-aircraft-2013b/data/images_box.txt", "\n", 0,
            "0034309 1 1 40 30", "1514522 3 4 12 20", "0062765 2 2 39 29", "0056978 5 6 25 2x6", "0100001 10 10 20 20");
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.FgvcAircraft(root));
        StringAssert.Contains(e.Message, "line 4:");
        StringAssert.Contains(e.Message, "ymax");
    }

    [TestMethod]
    public void FgvcAircraft_ListedImageAbsent_ThrowsNamingImageAndLine()
    {
        WriteMiniature();
        File.Delete(Path.Combine(data, "images", "0100001.jpg"));
        var e = Assert.ThrowsExactly<FileNotFoundException>(() => WsolDatasets.FgvcAircraft(root));
        StringAssert.Contains(e.Message, Path.Combine(data, "images", "0100001.jpg"));
        StringAssert.Contains(e.Message, "images_variant_test.txt', line 2");
    }

    [TestMethod]
    public void FgvcAircraft_EmptyValList_ThrowsEmptySplit()
    {
        WriteMiniature();
        layout.Text("fgvc-aircraft-2013b/data/images_variant_val.txt", "\r\n", 2);
        var e = Assert.ThrowsExactly<InvalidDataException>(() => WsolDatasets.FgvcAircraft(root));
        StringAssert.Contains(e.Message, "the val split is empty");
    }
}
