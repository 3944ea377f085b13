using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Tests.MLNet;

[TestClass]
public sealed class RfgaLocalizeTests
{
    private static SquaresFolder data = null!;
    private static MLContext ml = null!;
    private static ITransformer model = null!;
    private const double Tau = 0.3;

    public sealed class OutputRow
    {
        public uint Label { get; set; }
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
        public float[] ClassMaps { get; set; } = [];
        public int[] ImageSize { get; set; } = [];
        public double[] Cam { get; set; } = [];
        public int[] CamSize { get; set; } = [];
        public float[] BoundingBox { get; set; } = [];
        public float BoundingBoxTau { get; set; }
    }

    public sealed class CamRow
    {
        public uint Label { get; set; }
        public uint PredictedLabel { get; set; }
        public double[] Cam { get; set; } = [];
    }

    internal static RfgaLocalizeOptions Options(string folder, CamTarget target = CamTarget.Predicted, double? tau = Tau) => new()
    {
        ImageFolder = folder,
        CamTarget = target,
        Tau = tau,
        InferenceBatchSize = 5,
        Training = new TrainingSettings { Epochs = 2, BatchSize = 8, LearningRate = 0.05, ResizeSize = 36, CropSize = 32, TestSize = 32 },
    };

    [ClassInitialize]
    public static void FitOnce(TestContext _)
    {
        data = new SquaresFolder(24);
        ml = new MLContext(seed: 1);
        model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName))
            .Append(ml.Transforms.RfgaLocalize(Options(data.Folder)))
            .Fit(ml.Data.LoadFromEnumerable(data.Rows));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        DisposeAll(model);
        data.Dispose();
    }

    internal static void DisposeAll(ITransformer transformer)
    {
        if (transformer is IEnumerable<ITransformer> chain)
            foreach (var t in chain) DisposeAll(t);
        (transformer as IDisposable)?.Dispose();
    }

    private static List<OutputRow> Score(MLContext context, ITransformer transformer) =>
        context.Data.CreateEnumerable<OutputRow>(transformer.Transform(context.Data.LoadFromEnumerable(data.Rows)), reuseRowObject: false).ToList();

    [TestMethod]
    public void Transform_Chain_AddsConsistentColumns()
    {
        var outputs = Score(ml, model);
        Assert.AreEqual(data.Rows.Count, outputs.Count);
        foreach (var o in outputs)
        {
            Assert.AreEqual(2, o.Score.Length);
            Assert.AreEqual(1.0, o.Score.Sum(), 1e-5);
            Assert.AreEqual((uint)(Array.IndexOf(o.Score, o.Score.Max()) + 1), o.PredictedLabel);
            Assert.AreEqual(2 * 8 * 8, o.ClassMaps.Length, "K·h·w at test size 32 (stride 4)");
            CollectionAssert.AreEqual(new[] { 32, 32 }, o.ImageSize);
            CollectionAssert.AreEqual(new[] { 32, 32 }, o.CamSize);
            Assert.AreEqual(32 * 32, o.Cam.Length);
            Assert.IsTrue(o.Cam.All(v => v >= 0 && v <= 1));
            Assert.AreEqual(1.0, o.Cam.Max(), "normalised maps reach 1");
            var expected = BoxExtractor.LargestComponentBox(o.Cam, 32, 32, Tau);
            CollectionAssert.AreEqual(new float[] { expected.X0, expected.Y0, expected.X1, expected.Y1 }, o.BoundingBox);
            Assert.AreEqual((float)Tau, o.BoundingBoxTau);
        }
        var scored = model.Transform(ml.Data.LoadFromEnumerable(data.Rows));
        VBuffer<ReadOnlyMemory<char>> keys = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref keys);
        CollectionAssert.AreEqual(new[] { "red", "blue" }, keys.DenseValues().Select(k => k.ToString()).ToArray());
    }

    [TestMethod]
    public void Cam_PredictedClass_IsNormalisedBicubicUpsamplingOfItsClassMap()
    {
        foreach (var o in Score(ml, model).Take(4))
        {
            int k = (int)o.PredictedLabel - 1;
            var plane = o.ClassMaps.Skip(k * 64).Take(64).Select(v => (double)v).ToArray();
            var expected = ScoreMapResizer.Resize(plane, 8, 8, 32, 32);
            ScoreMapNormalizer.NormalizeInPlace(expected);
            CollectionAssert.AreEqual(expected, o.Cam);
        }
    }

    [TestMethod]
    public void Cam_GroundTruthTarget_DiffersFromTop1WhereThePredictionIsWrong()
    {
        // Swap the labels so that every prediction is "wrong": the GT-known CAM must then be the other class's map.
        var swapped = ml.Data.LoadFromEnumerable(data.Rows.Select(r => new SquaresFolder.Row
        {
            ImagePath = r.ImagePath, ClassName = r.ClassName == "red" ? "blue" : "red", Boxes = r.Boxes,
        }));
        var classifier = FindClassifier(model);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName),
            keyData: ml.Data.LoadFromEnumerable(new[] { new { ClassName = "red" }, new { ClassName = "blue" } })).Fit(swapped).Transform(swapped);
        var byClassifier = classifier.Transform(keyed);
        var top1 = ml.Transforms.ExtractCam(new CamExtractorOptions { Target = CamTarget.Predicted }).Fit(byClassifier).Transform(byClassifier);
        var gt = ml.Transforms.ExtractCam(new CamExtractorOptions { Target = CamTarget.Label }).Fit(byClassifier).Transform(byClassifier);
        var a = ml.Data.CreateEnumerable<CamRow>(top1, false).ToList();
        var b = ml.Data.CreateEnumerable<CamRow>(gt, false).ToList();
        int compared = 0;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].PredictedLabel == a[i].Label) CollectionAssert.AreEqual(a[i].Cam, b[i].Cam);
            else
            {
                CollectionAssert.AreNotEqual(a[i].Cam, b[i].Cam);
                compared++;
            }
        }
        Assert.IsTrue(compared > 0, "some predictions must disagree with the swapped labels");
    }

    [TestMethod]
    public void PredictionEngine_EqualsBatchedTransform()
    {
        var batched = Score(ml, model);
        var engine = ml.Model.CreatePredictionEngine<SquaresFolder.Row, OutputRow>(model);
        for (int i = 0; i < 6; i++)
        {
            var single = engine.Predict(data.Rows[i]);
            Assert.AreEqual(batched[i].PredictedLabel, single.PredictedLabel);
            for (int j = 0; j < single.Score.Length; j++) Assert.AreEqual(batched[i].Score[j], single.Score[j], 1e-6);
            for (int j = 0; j < single.ClassMaps.Length; j++) Assert.AreEqual(batched[i].ClassMaps[j], single.ClassMaps[j], 1e-5);
        }
    }

    [TestMethod]
    public void Transform_ManyRowsTwice_LiveTensorCountStaysFlat()
    {
        var classifier = FindClassifier(model);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName))
            .Fit(ml.Data.LoadFromEnumerable(data.Rows)).Transform(ml.Data.LoadFromEnumerable(data.Rows));
        long Pass()
        {
            // One cursor on this thread: the batched view scores here, so the thread's counters see every tensor.
            var scored = classifier.Transform(keyed);
            using var cursor = scored.GetRowCursor(scored.Schema);
            var getter = cursor.GetGetter<VBuffer<float>>(scored.Schema["ClassMaps"]);
            VBuffer<float> maps = default;
            while (cursor.MoveNext()) getter(ref maps);
            return TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        }
        long first = Pass();
        long second = Pass();
        long third = Pass();
        Assert.AreEqual(first, second, "live tensors grew over a Transform of 24 rows");
        Assert.AreEqual(second, third);
    }

    [TestMethod]
    public void PredictionEngines_EightThreadsOnOneModel_GiveSequentialResults()
    {
        var sequential = ml.Model.CreatePredictionEngine<SquaresFolder.Row, OutputRow>(model);
        var expected = data.Rows.Select(r => sequential.Predict(r)).ToList();
        var results = new OutputRow[8][];
        var threads = Enumerable.Range(0, 8).Select(t => new System.Threading.Thread(() =>
        {
            // PredictionEngine is not thread-safe; one per thread over the shared model is the documented pattern.
            var engine = ml.Model.CreatePredictionEngine<SquaresFolder.Row, OutputRow>(model);
            results[t] = data.Rows.Select(r => engine.Predict(r)).ToArray();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        for (int t = 0; t < 8; t++)
            for (int i = 0; i < expected.Count; i++)
            {
                CollectionAssert.AreEqual(expected[i].Score, results[t][i].Score, $"thread {t}, row {i}");
                CollectionAssert.AreEqual(expected[i].Cam, results[t][i].Cam, $"thread {t}, row {i}");
                CollectionAssert.AreEqual(expected[i].BoundingBox, results[t][i].BoundingBox, $"thread {t}, row {i}");
            }
    }

    [TestMethod]
    public void SaveLoad_FreshContext_GivesIdenticalOutputs()
    {
        string zip = Path.Combine(data.Folder, "model.zip");
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(data.Rows).Schema, zip);
        var before = Score(ml, model);
        var ml2 = new MLContext();
        var loaded = ml2.Model.Load(zip, out _);
        try
        {
            var after = Score(ml2, loaded);
            Assert.AreEqual(before.Count, after.Count);
            for (int i = 0; i < before.Count; i++)
            {
                CollectionAssert.AreEqual(before[i].Score, after[i].Score);
                CollectionAssert.AreEqual(before[i].ClassMaps, after[i].ClassMaps);
                CollectionAssert.AreEqual(before[i].Cam, after[i].Cam);
                CollectionAssert.AreEqual(before[i].BoundingBox, after[i].BoundingBox);
                Assert.AreEqual(before[i].PredictedLabel, after[i].PredictedLabel);
                Assert.AreEqual(before[i].BoundingBoxTau, after[i].BoundingBoxTau);
            }
        }
        finally
        {
            DisposeAll(loaded);
        }
    }

    [TestMethod]
    public void Load_TruncatedZip_ThrowsInsteadOfLoading()
    {
        string zip = Path.Combine(data.Folder, "cut.zip");
        ml.Model.Save(model, ml.Data.LoadFromEnumerable(data.Rows).Schema, zip);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        Assert.Throws<Exception>(() => new MLContext().Model.Load(zip, out _));
    }

    [TestMethod]
    public void BoxDeriverFit_WithBoxes_CalibratesTauOfMaxBoxAcc()
    {
        var camView = FindPrefix(model, ml.Data.LoadFromEnumerable(data.Rows));
        var deriver = ml.Transforms.DeriveBoxes().Fit(camView);
        // The same maximisation done by the evaluation accumulator, independently of the deriver's cursor code.
        var acc = new BoxAccuracyAccumulator(new BoxAccuracyOptions { IouThresholds = [0.5], GtResizeMode = GtResizeMode.None });
        foreach (var o in ml.Data.CreateEnumerable<CamRow>(camView, false).Zip(data.Rows))
        {
            var b = o.Second.Boxes;
            acc.Add(o.First.Cam, 32, 32, [new PixelBox((int)b[0], (int)b[1], (int)b[2], (int)b[3])], 32, 32);
        }
        Assert.AreEqual(acc.Compute().PerDelta[0].OptimalTau, deriver.Tau);
    }

    [TestMethod]
    public void BoxDeriverFit_NoBoxColumn_ThrowsAskingForTau()
    {
        var camView = FindPrefix(model, ml.Data.LoadFromEnumerable(data.Rows.Select(r => new { r.ImagePath, r.ClassName })));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.DeriveBoxes().Fit(camView));
        StringAssert.Contains(e.Message, "Boxes");
        StringAssert.Contains(e.Message, "Tau");
    }

    [TestMethod]
    public void Fit_ImageColumnOfWrongType_ThrowsNamingColumnAndExpectedType()
    {
        var bad = ml.Data.LoadFromEnumerable(new[] { new { ImagePath = 1.5f, Label = "a" }, new { ImagePath = 2.5f, Label = "b" } });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.RfgaLocalize(Options(data.Folder)));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pipeline.Fit(bad));
        StringAssert.Contains(e.Message, "ImagePath");
        StringAssert.Contains(e.Message, "Image (MLImage) or String");
    }

    [TestMethod]
    public void Fit_LabelNotKey_ThrowsAskingForMapValueToKey()
    {
        var bad = ml.Data.LoadFromEnumerable(data.Rows.Select(r => new { r.ImagePath, Label = r.ClassName }));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.RfgaLocalize(Options(data.Folder)).Fit(bad));
        StringAssert.Contains(e.Message, "Label");
        StringAssert.Contains(e.Message, "MapValueToKey");
    }

    [TestMethod]
    public void Transform_MissingImageFile_ThrowsNamingRowAndPath()
    {
        var bad = ml.Data.LoadFromEnumerable(new[] { data.Rows[0], new SquaresFolder.Row { ImagePath = "nope.png", ClassName = "red" } });
        var thrown = Assert.Throws<Exception>(() => ml.Data.CreateEnumerable<OutputRow>(model.Transform(bad), false).ToList());
        var e = Innermost<FileNotFoundException>(thrown) as Exception ?? thrown;
        string all = thrown.ToString();
        StringAssert.Contains(all, "Row 1");
        StringAssert.Contains(all, "nope.png");
        Assert.IsNotNull(e);
    }

    [TestMethod]
    public void Fit_GpuRequestedWithoutFallbackOnCpuMachine_ThrowsNamingTheSwitch()
    {
        if (TorchSharp.torch.cuda.is_available()) Assert.Inconclusive("This machine has CUDA; the test covers CPU-only machines.");
        var gpu = new MLContext(seed: 1) { GpuDeviceId = 0, FallbackToCpu = false };
        var pipeline = gpu.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName))
            .Append(gpu.Transforms.RfgaLocalize(Options(data.Folder)));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => pipeline.Fit(gpu.Data.LoadFromEnumerable(data.Rows)));
        StringAssert.Contains(e.Message, "CUDA is not available");
        StringAssert.Contains(e.Message, "TorchBackend=cuda");
    }

    [TestMethod]
    public void Options_TauOutOfRange_ThrowsNamingOption()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.RfgaLocalize(new RfgaLocalizeOptions { Tau = 1.0 }));
        Assert.AreEqual("Tau", e.ParamName);
    }

    private static T? Innermost<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is T t) return t;
        return null;
    }

    private static RfgaClassifierTransformer FindClassifier(ITransformer t) => t switch
    {
        RfgaClassifierTransformer c => c,
        IEnumerable<ITransformer> chain => chain.Select(x => x is RfgaClassifierTransformer or IEnumerable<ITransformer> ? FindClassifier(x) : null).First(x => x is not null)!,
        _ => null!,
    };

    /// <summary>The data transformed by MapValueToKey, the classifier and the CAM extractor (everything before the box deriver).</summary>
    private static IDataView FindPrefix(ITransformer t, IDataView input)
    {
        foreach (var x in Flatten(t))
        {
            if (x is BoxDeriverTransformer) break;
            input = x.Transform(input);
        }
        return input;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];
}
