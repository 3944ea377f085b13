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
using Rfga.MLNet.Tests.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary><c>mlContext.WsolEvaluation().Evaluate(data)</c> over an IDataView with the chain's columns.</summary>
[TestClass]
public sealed class WsolEvaluationCatalogTests
{
    private const int Classes = 3;

    [TestMethod]
    public void Evaluate_DataView_SameAsAccumulatorPlusBoundingBoxMetrics()
    {
        List<Row> rows = Rows(60, seed: 4);
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var metrics = new BoxAccuracyOptions { LocalizationTau = 0.3, KeepPerImageDetail = true };

        WsolEvaluationResult result = ml.WsolEvaluation().Evaluate(data, new WsolEvaluationOptions { Metrics = metrics, MaxDegreeOfParallelism = 2 });

        var accumulator = new BoxAccuracyAccumulator(metrics);
        int boxHits = 0, boxTop1 = 0;
        foreach (Row r in rows)
        {
            PixelBox[] gt = Boxes(r.Boxes);
            accumulator.Add(r.Cam, r.CamSize[0], r.CamSize[1], gt, r.CamSize[0], r.CamSize[1], (int)r.Label, (int)r.PredictedLabel);
            bool hit = gt.Max(g => PixelBox.Iou(Boxes(r.BoundingBox)[0], g)) >= 0.5;
            boxHits += hit ? 1 : 0;
            boxTop1 += hit && r.Label == r.PredictedLabel ? 1 : 0;
        }

        ResultAssert.Identical(accumulator.Compute(), result.Metrics);
        Assert.AreEqual(boxHits * 100.0 / rows.Count, result.BoundingBoxGtKnownLoc);
        Assert.AreEqual(boxTop1 * 100.0 / rows.Count, result.BoundingBoxTop1Loc);
        Assert.AreEqual(rows[7].ImagePath, result.Metrics.Images![7].ImageId);
        Assert.IsNotNull(result.Metrics.Localization.Top1Loc);
    }

    [TestMethod]
    public void Evaluate_WithoutOptionalColumns_TopOneAndBoxMetricsNull()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(5, seed: 5)
            .Select(r => new MinimalRow { Cam = r.Cam, CamSize = r.CamSize, Boxes = r.Boxes }));

        WsolEvaluationResult result = ml.WsolEvaluation().Evaluate(data);

        Assert.AreEqual(5, result.Metrics.ImageCount);
        Assert.IsNull(result.Metrics.Localization.Top1Loc);
        Assert.IsNull(result.BoundingBoxGtKnownLoc);
    }

    [TestMethod]
    public void Evaluate_SchemaProblems_NameColumnAndExpectedType()
    {
        var ml = new MLContext(seed: 1);
        IDataView floatCam = ml.Data.LoadFromEnumerable(new[] { new FloatCamRow() });
        IDataView data = ml.Data.LoadFromEnumerable(Rows(2, seed: 6));

        var wrongType = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.WsolEvaluation().Evaluate(floatCam));
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.WsolEvaluation().Evaluate(data, new WsolEvaluationOptions { GroundTruthBoxesColumnName = "GtBoxes" }));

        StringAssert.Contains(wrongType.Message, "Cam");
        StringAssert.Contains(wrongType.Message, "Vector<Double>");
        StringAssert.Contains(missing.Message, "GtBoxes");
    }

    [TestMethod]
    public void Evaluate_BadRows_ErrorsNameTheRow()
    {
        var ml = new MLContext(seed: 1);
        List<Row> noBox = Rows(4, seed: 7);
        noBox[2].Boxes = [];
        List<Row> nan = Rows(4, seed: 8);
        nan[3].Cam[5] = double.NaN;

        var e1 = Assert.ThrowsExactly<InvalidDataException>(() => ml.WsolEvaluation().Evaluate(ml.Data.LoadFromEnumerable(noBox)));
        var e2 = Assert.ThrowsExactly<ArgumentException>(() => ml.WsolEvaluation().Evaluate(ml.Data.LoadFromEnumerable(nan)));

        StringAssert.Contains(e1.Message, "Row 2");
        StringAssert.Contains(e2.Message, nan[3].ImagePath);
        StringAssert.Contains(e2.Message, "NaN");
    }

    private static List<Row> Rows(int count, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            int w = rng.Next(8, 30), h = rng.Next(8, 30);
            int x0 = rng.Next(w), y0 = rng.Next(h);
            uint label = (uint)rng.Next(Classes); // LoadFromEnumerable takes [KeyType] values 0-based
            rows.Add(new Row
            {
                ImagePath = $"images/{i}.jpg",
                Cam = Array.ConvertAll(CamLikeMaps.Create(rng, w, h), v => (double)v),
                CamSize = [w, h],
                Boxes = [x0, y0, rng.Next(x0, w), rng.Next(y0, h), 0, 0, w - 1, rng.Next(h)],
                Label = label,
                PredictedLabel = rng.Next(4) == 0 ? (label + 1) % Classes : label,
                BoundingBox = [rng.Next(w / 2), rng.Next(h / 2), w / 2 + rng.Next(w / 2), h / 2 + rng.Next(h / 2)],
            });
        }

        return rows;
    }

    private static PixelBox[] Boxes(float[] values) =>
        Enumerable.Range(0, values.Length / 4).Select(i => new PixelBox((int)values[4 * i], (int)values[4 * i + 1], (int)values[4 * i + 2], (int)values[4 * i + 3])).ToArray();

    private sealed class Row
    {
        public string ImagePath { get; set; } = "";

        [VectorType]
        public double[] Cam { get; set; } = [];

        [VectorType(2)]
        public int[] CamSize { get; set; } = [];

        [VectorType]
        public float[] Boxes { get; set; } = [];

        [KeyType(Classes)]
        public uint Label { get; set; }

        [KeyType(Classes)]
        public uint PredictedLabel { get; set; }

        [VectorType(4)]
        public float[] BoundingBox { get; set; } = [];
    }

    private sealed class MinimalRow
    {
        [VectorType]
        public double[] Cam { get; set; } = [];

        [VectorType(2)]
        public int[] CamSize { get; set; } = [];

        [VectorType]
        public float[] Boxes { get; set; } = [];
    }

    private sealed class FloatCamRow
    {
        [VectorType]
        public float[] Cam { get; set; } = [0.5f];

        [VectorType(2)]
        public int[] CamSize { get; set; } = [1, 1];

        [VectorType]
        public float[] Boxes { get; set; } = [0, 0, 0, 0];
    }
}
