using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>
/// Scores a model on a data set for figures and reports: the CAM of the ground-truth class (PAPER.md §3: the class of
/// MaxBoxAcc; the predicted class when an image has no label) at the source size, MaxBoxAcc over δ 0.5…0.9 with the
/// τ curves and mIoU readings (<see cref="BoxAccuracyAccumulator"/>, default options), top-1 classification, and the
/// first images kept for overlays.
/// </summary>
internal static class ModelEvaluation
{
    private const string CamColumn = "EvaluationCam", CamSizeColumn = "EvaluationCamSize";

    /// <summary>Scores <paramref name="input"/> once, one image after another, checking <paramref name="cancel"/> between images.</summary>
    public static EvaluatedModel Evaluate(MLContext ml, LoadedModel model, InputSet input, int keep, ProgressDisplay display, CancellationToken cancel)
    {
        var view = ml.Data.LoadFromEnumerable(input.Rows);
        var scored = model.Transformer.Transform(view);
        bool labelled = input.Rows.All(r => r.ClassName.Length > 0) && scored.Schema.GetColumnOrNull("Label")?.Type is KeyDataViewType;
        var withCam = ml.Transforms.ExtractCam(new CamExtractorOptions
        {
            Target = labelled ? CamTarget.Label : CamTarget.Predicted,
            CamColumnName = CamColumn,
            CamSizeColumnName = CamSizeColumn,
        }).Fit(scored).Transform(scored);

        var schema = withCam.Schema;
        var predictedColumn = schema["PredictedLabel"];
        var names = KeyNames(predictedColumn);
        var columns = new List<DataViewSchema.Column> { schema["ImagePath"], predictedColumn, schema[CamColumn], schema[CamSizeColumn] };
        var labelColumn = labelled ? schema["Label"] : (DataViewSchema.Column?)null;
        var boxColumn = schema.GetColumnOrNull("BoundingBox");
        if (labelColumn is { } l) columns.Add(l);
        if (boxColumn is { } b) columns.Add(b);

        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions());
        var kept = new List<KeptImage>();
        int correct = 0, labelledCount = 0, index = 0;
        var progress = display.Items($"scoring {model.Name}", input.Rows.Count);
        using (var cursor = withCam.GetRowCursor(columns))
        {
            var pathGetter = cursor.GetGetter<ReadOnlyMemory<char>>(schema["ImagePath"]);
            var predictedGetter = cursor.GetGetter<uint>(predictedColumn);
            var camGetter = cursor.GetGetter<VBuffer<double>>(schema[CamColumn]);
            var sizeGetter = cursor.GetGetter<VBuffer<int>>(schema[CamSizeColumn]);
            var labelGetter = labelColumn is { } lc ? cursor.GetGetter<uint>(lc) : null;
            var boxGetter = boxColumn is { } bc ? cursor.GetGetter<VBuffer<float>>(bc) : null;
            ReadOnlyMemory<char> path = default;
            VBuffer<double> cam = default;
            VBuffer<int> size = default;
            VBuffer<float> box = default;
            uint predicted = 0, label = 0;
            while (cursor.MoveNext())
            {
                cancel.ThrowIfCancellationRequested();
                var row = input.Rows[index];
                pathGetter(ref path);
                if (!path.Span.SequenceEqual(row.ImagePath.AsSpan()))
                    throw new InvalidOperationException($"scored row {index} is '{path}', expected '{row.ImagePath}'.");
                if (labelGetter is not null)
                {
                    labelGetter(ref label);
                    if (label == 0)
                        throw new InvalidDataException($"'{row.ImagePath}': class '{row.ClassName}' is not one of the {names.Length} classes of '{model.Path}'.");
                    labelledCount++;
                }
                predictedGetter(ref predicted);
                if (labelGetter is not null && predicted == label) correct++;
                camGetter(ref cam);
                sizeGetter(ref size);
                int w = size.GetValues()[0], h = size.GetValues()[1];
                var gt = Boxes(row.Boxes);
                if (gt.Length > 0) accumulator.Add(cam.GetValues(), w, h, gt, w, h);
                if (kept.Count < keep)
                {
                    PixelBox? modelBox = null;
                    if (boxGetter is not null)
                    {
                        boxGetter(ref box);
                        var v = box.GetValues();
                        if (v.Length == 4) modelBox = new PixelBox((int)v[0], (int)v[1], (int)v[2], (int)v[3]);
                    }
                    var values = cam.GetValues();
                    var camCopy = new float[values.Length];
                    for (int i = 0; i < camCopy.Length; i++) camCopy[i] = (float)values[i];
                    string predictedName = predicted >= 1 && predicted <= names.Length ? names[predicted - 1] : predicted.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    kept.Add(new KeptImage(index, row.ImagePath, row.ClassName, predictedName, camCopy, w, h, gt, modelBox));
                }
                index++;
                progress.Advance();
            }
        }
        if (index != input.Rows.Count) throw new InvalidOperationException($"scored {index} rows of {input.Rows.Count}.");
        return new EvaluatedModel(model.Name, model.Path, index, accumulator.Count > 0 ? accumulator.Compute() : null,
            labelledCount > 0 ? 100.0 * correct / labelledCount : null, labelled ? "ground-truth class" : "predicted class", model.Tau, kept);
    }

    /// <summary>The best τ of the grid for one image (the first reaching the largest IoU with any GT box), its box and IoU.</summary>
    public static (double Tau, PixelBox Box, double Iou) BestTau(KeptImage image)
    {
        if (image.GroundTruth.Length == 0) throw new ArgumentException($"'{image.ImagePath}' has no ground-truth box, so it has no best τ.");
        var grid = new ThresholdGrid(ThresholdGrid.EvaluationStep);
        (double, PixelBox, double) best = (0, default, -1);
        foreach (double tau in grid)
        {
            var box = BoxExtractor.LargestComponentBox(image.Cam, image.Width, image.Height, tau);
            double iou = Iou(box, image.GroundTruth);
            if (iou > best.Item3) best = (tau, box, iou);
        }
        return best;
    }

    /// <summary>The largest IoU of <paramref name="box"/> with any of <paramref name="groundTruth"/> (0 when there is none).</summary>
    public static double Iou(PixelBox box, IReadOnlyList<PixelBox> groundTruth) =>
        groundTruth.Count == 0 ? 0 : groundTruth.Max(g => PixelBox.Iou(box, g));

    /// <summary>Flat x0, y0, x1, y1 values as boxes (coordinates truncated to whole pixels).</summary>
    public static PixelBox[] Boxes(float[] flat)
    {
        var boxes = new PixelBox[flat.Length / 4];
        for (int i = 0; i < boxes.Length; i++)
            boxes[i] = new PixelBox((int)flat[4 * i], (int)flat[4 * i + 1], (int)flat[4 * i + 2], (int)flat[4 * i + 3]);
        return boxes;
    }

    private static string[] KeyNames(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is null) return [];
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }
}
