using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Tests.MLNet;

[TestClass]
public sealed class RfgaLocalizeEstimatorTests
{
    private static string folder = "";
    private static List<InputRow> rows = new();

    public sealed class InputRow
    {
        public string ImagePath { get; set; } = "";
        public string ClassName { get; set; } = "";
    }

    public sealed class OutputRow
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
        public float[] Cam { get; set; } = [];
        public int[] CamSize { get; set; } = [];
        public float[] BoundingBox { get; set; } = [];
    }

    [ClassInitialize]
    public static void WriteImages(TestContext _)
    {
        folder = Path.Combine(Path.GetTempPath(), "rfga-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var source = new SquaresSource(24);
        rows = new List<InputRow>();
        for (int i = 0; i < source.Count; i++)
        {
            var image = source.GetImage(i);
            string name = $"{i:D3}.png";
            Rfga.MLNet.Data.PngCodec.Save(Path.Combine(folder, name), image.Pixels, image.Width, image.Height);
            rows.Add(new InputRow { ImagePath = name, ClassName = source.GetLabel(i) == 0 ? "red" : "blue" });
        }
    }

    [ClassCleanup]
    public static void DeleteImages()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static RfgaLocalizeOptions Options(CamTarget target = CamTarget.Predicted) => new()
    {
        ImageFolder = folder,
        TestSize = 32,
        CamTarget = target,
        Tau = 0.3,
        Training = new TrainingSettings { Epochs = 2, BatchSize = 8, LearningRate = 0.05, ResizeSize = 36, CropSize = 32 },
    };

    private static (MLContext ml, IDataView data, ITransformer model) Fit(RfgaLocalizeOptions options)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(InputRow.ClassName))
            .Append(ml.Transforms.RfgaLocalize(options)).Fit(data);
        return (ml, data, model);
    }

    [TestMethod]
    public void Fit_PathColumn_AddsConsistentScoreLabelCamAndBox()
    {
        var (ml, data, model) = Fit(Options());
        var scored = model.Transform(data);
        var outputs = ml.Data.CreateEnumerable<OutputRow>(scored, reuseRowObject: false).ToList();
        Assert.AreEqual(rows.Count, outputs.Count);
        foreach (var o in outputs)
        {
            Assert.AreEqual(2, o.Score.Length);
            Assert.AreEqual(1.0, o.Score.Sum(), 1e-5);
            Assert.AreEqual((uint)(Array.IndexOf(o.Score, o.Score.Max()) + 1), o.PredictedLabel);
            CollectionAssert.AreEqual(new[] { 32, 32 }, o.CamSize);
            Assert.AreEqual(32 * 32, o.Cam.Length);
            Assert.IsTrue(o.Cam.All(v => v >= 0 && v <= 1));
            // The box is exactly what the reference rule gives on the CAM at τ.
            var expected = BoxExtractor.LargestComponentBox(o.Cam, 32, 32, 0.3);
            CollectionAssert.AreEqual(new float[] { expected.X0, expected.Y0, expected.X1, expected.Y1 }, o.BoundingBox);
        }
        // PredictedLabel carries the training key values, so MapKeyToValue gives class names back.
        VBuffer<ReadOnlyMemory<char>> keys = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref keys);
        CollectionAssert.AreEqual(new[] { "red", "blue" }, keys.DenseValues().Select(k => k.ToString()).ToArray());
        ((TransformerChain<RfgaLocalizeTransformer>)model).LastTransformer.Dispose();
    }

    [TestMethod]
    public void SaveLoad_FreshContext_GivesIdenticalOutputs()
    {
        var (ml, data, model) = Fit(Options(CamTarget.Label));
        string zip = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, zip);
        var before = ml.Data.CreateEnumerable<OutputRow>(model.Transform(data), false).ToList();

        var ml2 = new MLContext();
        var loaded = ml2.Model.Load(zip, out var schema);
        var after = ml2.Data.CreateEnumerable<OutputRow>(loaded.Transform(ml2.Data.LoadFromEnumerable(rows)), false).ToList();
        Assert.AreEqual(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            CollectionAssert.AreEqual(before[i].Score, after[i].Score);
            CollectionAssert.AreEqual(before[i].Cam, after[i].Cam);
            CollectionAssert.AreEqual(before[i].BoundingBox, after[i].BoundingBox);
            Assert.AreEqual(before[i].PredictedLabel, after[i].PredictedLabel);
        }
        Assert.AreEqual(schema.Count, data.Schema.Count);
    }

    [TestMethod]
    public void GetOutputSchema_MatchesTransformerSchema()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var estimator = ml.Transforms.Conversion.MapValueToKey("Label", nameof(InputRow.ClassName)).Append(ml.Transforms.RfgaLocalize(Options()));
        // SchemaShape.Create is internal to ML.NET; its own tests call it the same way.
        var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!;
        var predicted = estimator.GetOutputSchema((SchemaShape)create.Invoke(null, [data.Schema])!);
        var model = estimator.Fit(data);
        var actual = model.GetOutputSchema(data.Schema);
        foreach (var name in new[] { "Score", "PredictedLabel", "Cam", "CamSize", "BoundingBox" })
        {
            var shape = predicted.Single(c => c.Name == name);
            var column = actual[name];
            var itemType = column.Type is VectorDataViewType v ? v.ItemType : column.Type;
            Assert.AreEqual(shape.ItemType.RawType, itemType.RawType, name);
            Assert.AreEqual(shape.IsKey, column.Type is KeyDataViewType, name);
        }
        (model.LastTransformer as IDisposable)?.Dispose();
    }

    [TestMethod]
    public void Fit_ImageColumnOfWrongType_ThrowsNamingColumnAndExpectedType()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { ImagePath = 1.5f, Label = "a" }, new { ImagePath = 2.5f, Label = "b" } });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.RfgaLocalize(Options()));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        StringAssert.Contains(e.Message, "ImagePath");
        StringAssert.Contains(e.Message, "Image (MLImage) or String");
    }

    [TestMethod]
    public void Fit_LabelNotKey_ThrowsAskingForMapValueToKey()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows.Select(r => new { r.ImagePath, Label = r.ClassName }));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.RfgaLocalize(Options()).Fit(data));
        StringAssert.Contains(e.Message, "Label");
        StringAssert.Contains(e.Message, "MapValueToKey");
    }

    [TestMethod]
    public void Transform_MissingImageFile_ThrowsNamingRowAndPath()
    {
        var (ml, _, model) = Fit(Options());
        var bad = ml.Data.LoadFromEnumerable(new[] { rows[0], new InputRow { ImagePath = "nope.png", ClassName = "red" } });
        var thrown = Assert.Throws<Exception>(() => ml.Data.CreateEnumerable<OutputRow>(model.Transform(bad), false).ToList());
        // ML.NET's parallel cursor may wrap the mapper's error; the InvalidDataException must be in the chain.
        var e = Innermost<InvalidDataException>(thrown);
        StringAssert.Contains(e.Message, "Row 1");
        StringAssert.Contains(e.Message, "nope.png");
    }

    private static T Innermost<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) return t;
        Assert.Fail($"no {typeof(T).Name} in the exception chain: {e}");
        return null!;
    }

    [TestMethod]
    public void Options_TauOutOfRange_ThrowsNamingOption()
    {
        var ml = new MLContext();
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.RfgaLocalize(new RfgaLocalizeOptions { Tau = 1.0 }));
        Assert.AreEqual("Tau", e.ParamName);
    }
}
