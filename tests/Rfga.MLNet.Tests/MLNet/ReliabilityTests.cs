using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.MLNet;

/// <summary>Bad data views, unseen classes, box columns and damaged zips: a clear error naming the culprit, or the right answer.</summary>
[TestClass]
public sealed class ReliabilityTests
{
    private static SquaresFolder data = null!;
    private static MLContext ml = null!;
    private static ITransformer model = null!;

    [ClassInitialize]
    public static void FitOnce(TestContext _)
    {
        data = new SquaresFolder(16, seed: 8);
        ml = new MLContext(seed: 2);
        model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName))
            .Append(ml.Transforms.RfgaLocalize(RfgaLocalizeTests.Options(data.Folder, CamTarget.Label)))
            .Fit(ml.Data.LoadFromEnumerable(data.Rows));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        RfgaLocalizeTests.DisposeAll(model);
        data.Dispose();
    }

    [TestMethod]
    public void Fit_EmptyDataView_SaysHowManyRowsAreNeeded()
    {
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<SquaresFolder.Row>());
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName),
                keyData: ml.Data.LoadFromEnumerable(new[] { new { ClassName = "red" }, new { ClassName = "blue" } }))
            .Append(ml.Transforms.RfgaLocalize(RfgaLocalizeTests.Options(data.Folder)));
        var e = Assert.Throws<Exception>(() => pipeline.Fit(empty));
        StringAssert.Contains(e.Message, "at least 2");
    }

    [TestMethod]
    public void Fit_RowWithMissingLabel_NamesRowAndColumn()
    {
        var rows = data.Rows.Select(r => new SquaresFolder.Row { ImagePath = r.ImagePath, ClassName = r.ClassName, Boxes = r.Boxes }).ToList();
        rows[3].ClassName = "";   // MapValueToKey with key data of the known classes maps it to the missing key 0
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName),
                keyData: ml.Data.LoadFromEnumerable(new[] { new { ClassName = "red" }, new { ClassName = "blue" } }))
            .Append(ml.Transforms.RfgaLocalize(RfgaLocalizeTests.Options(data.Folder)));
        var e = Assert.ThrowsExactly<InvalidDataException>(() => pipeline.Fit(ml.Data.LoadFromEnumerable(rows)));
        StringAssert.Contains(e.Message, "Row 3");
        StringAssert.Contains(e.Message, "'Label'");
    }

    [TestMethod]
    public void Transform_ClassNeverSeenInTraining_PredictsButGtKnownCamNamesTheRow()
    {
        var rows = new[] { data.Rows[0], new SquaresFolder.Row { ImagePath = data.Rows[1].ImagePath, ClassName = "green" } };
        var scored = model.Transform(ml.Data.LoadFromEnumerable(rows));
        // The classifier still predicts one of the training classes for the unknown one …
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        Assert.IsTrue(predicted.All(p => p is 1 or 2));
        // … but a GT-known CAM needs the label, and says which row lacks it.
        var thrown = Assert.Throws<Exception>(() => scored.GetColumn<double[]>("Cam").ToArray());
        StringAssert.Contains(thrown.ToString(), "Row 1");
        StringAssert.Contains(thrown.ToString(), "CamTarget.Label");
    }

    [TestMethod]
    public void BoxDeriverFit_SeveralBoxesPerImage_UsesTheBestMatchingBox()
    {
        // Each image gets its true box plus a far-away decoy: calibration must score the max IoU over both.
        var rows = data.Rows.Select(r => new SquaresFolder.Row { ImagePath = r.ImagePath, ClassName = r.ClassName, Boxes = [0, 0, 0, 0, .. r.Boxes] }).ToList();
        var single = Calibrate(data.Rows.ToList());
        var multi = Calibrate(rows);
        Assert.AreEqual(single, multi, "a decoy box that never matches must not change the calibrated τ");
    }

    [TestMethod]
    public void BoxDeriverFit_NaNInBoxColumn_NamesRowAndBox()
    {
        var rows = data.Rows.Select(r => new SquaresFolder.Row { ImagePath = r.ImagePath, ClassName = r.ClassName, Boxes = r.Boxes }).ToList();
        rows[2].Boxes = [1, float.NaN, 5, 6];
        var e = Assert.ThrowsExactly<InvalidDataException>(() => Calibrate(rows));
        StringAssert.Contains(e.Message, "Row 2");
        StringAssert.Contains(e.Message, "'Boxes'");
        StringAssert.Contains(e.Message, "NaN");
    }

    public sealed class CroppedRow
    {
        public string ImagePath { get; set; } = "";
        public string ClassName { get; set; } = "";
        public int CropBottom { get; set; }
    }

    [TestMethod]
    public void CropBottomColumn_BannerRows_AreDroppedBeforeScoring()
    {
        var rows = data.Rows.Select((r, i) => new CroppedRow { ImagePath = r.ImagePath, ClassName = r.ClassName, CropBottom = i % 2 == 0 ? 4 : 0 }).ToList();
        var options = RfgaLocalizeTests.Options(data.Folder);
        options.CropBottomColumnName = "CropBottom";
        options.Training = options.Training with { Epochs = 1 };
        var input = ml.Data.LoadFromEnumerable(rows);
        var cropped = ml.Transforms.Conversion.MapValueToKey("Label", nameof(CroppedRow.ClassName)).Append(ml.Transforms.RfgaLocalize(options)).Fit(input);
        try
        {
            var scored = cropped.Transform(input);
            var sizes = scored.GetColumn<int[]>("ImageSize").ToArray();
            var camSizes = scored.GetColumn<int[]>("CamSize").ToArray();
            for (int i = 0; i < rows.Count; i++)
            {
                CollectionAssert.AreEqual(new[] { 32, 32 - rows[i].CropBottom }, sizes[i], $"row {i}");
                CollectionAssert.AreEqual(sizes[i], camSizes[i]);
            }
            var bad = ml.Data.LoadFromEnumerable(new[] { new CroppedRow { ImagePath = rows[0].ImagePath, ClassName = "red", CropBottom = 40 } });
            var thrown = Assert.Throws<Exception>(() => cropped.Transform(bad).GetColumn<int[]>("ImageSize").ToArray());
            StringAssert.Contains(thrown.ToString(), "'CropBottom'");
        }
        finally
        {
            RfgaLocalizeTests.DisposeAll(cropped);
        }
    }

    [TestMethod]
    public void Load_ZipFromNewerFormat_IsRefusedNamingTheComponent()
    {
        string zip = Path.Combine(data.Folder, "future.zip");
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(data.Rows).Schema, zip);
        // Raise the classifier's "readable by" version in its header (ML.NET ModelHeader: ModelVerReadable, a ulong at byte 88).
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.Entries.Single(e => e.FullName.EndsWith("Model.key", StringComparison.Ordinal) && IsClassifier(e));
            byte[] bytes;
            using (var s = entry.Open()) { using var m = new MemoryStream(); s.CopyTo(m); bytes = m.ToArray(); }
            BitConverter.GetBytes(0x00020001ul).CopyTo(bytes, 88);
            entry.Delete();
            var replaced = archive.CreateEntry(entry.FullName);
            using var w = replaced.Open();
            w.Write(bytes);
        }
        var thrown = Assert.Throws<Exception>(() => new MLContext().Model.Load(zip, out _));
        // ML.NET itself refuses a component whose readable version is newer than its loader, naming the component.
        StringAssert.Contains(thrown.ToString(), "Couldn't load model: 'TransformerChain/Transform_001/Transform_000'");
    }

    [TestMethod]
    public void CliTrain_OutputUnderAFile_FailsWithOneLineAndLeavesNothing()
    {
        string csv = Path.Combine(data.Folder, "list.csv");
        File.WriteAllLines(csv, new[] { "ImagePath,ClassName" }.Concat(data.Rows.Select(r => $"{r.ImagePath},{r.ClassName}")));
        string blocker = Path.Combine(data.Folder, "not-a-folder");
        File.WriteAllText(blocker, "x");
        string output = Path.Combine(blocker, "model.zip");
        var (code, stdout, stderr) = RfgaCli.Run("train", "--data", csv, "--out", output, "--epochs", "1", "--batch-size", "8",
            "--resize", "36", "--crop", "32", "--test-size", "32", "--tau", "0.5");
        Assert.AreNotEqual(0, code, stdout);
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
        Assert.IsFalse(stderr.Contains("   at "), stderr);
        Assert.AreEqual(1, Directory.GetFiles(data.Folder, "not-a-folder*").Length, "no partial file next to the blocker");
    }

    private static bool IsClassifier(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return System.Text.Encoding.ASCII.GetString(m.ToArray()).Contains("RFGACLSF");
    }

    private static double Calibrate(System.Collections.Generic.List<SquaresFolder.Row> rows)
    {
        var input = ml.Data.LoadFromEnumerable(rows);
        IDataView view = input;
        foreach (var t in Flatten(model))
        {
            if (t is BoxDeriverTransformer) break;
            view = t.Transform(view);
        }
        return ml.Transforms.DeriveBoxes().Fit(view).Tau;
    }

    private static System.Collections.Generic.IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is System.Collections.Generic.IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];
}
