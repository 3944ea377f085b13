using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.MLNet;

/// <summary>
/// WSOL metrics over an <see cref="IDataView"/> (for example <c>model.Transform(test)</c>): MaxBoxAcc, MaxBoxAccV2,
/// mIoU, the BoxAcc(τ) curves, GT-known Loc, Top-1 Loc and Top-1 classification, with the exact semantics of
/// clovaai/wsolevaluation (<see cref="BoxAccuracyAccumulator"/>). Obtain it with <c>mlContext.WsolEvaluation()</c>.
/// </summary>
/// <remarks>
/// | Input column | type |
/// |---|---|
/// | Cam | Vector&lt;Double&gt; (H·W), values in [0, 1]: the ground-truth class's map |
/// | CamSize | Vector&lt;Int32, 2&gt; (width, height) |
/// | Boxes | Vector&lt;Single&gt;, 4 values per GT box (x0, y0, x1, y1 inclusive source pixels) |
/// | Label, PredictedLabel (optional) | keys over the same classes: Top-1 classification and Top-1 Loc |
/// | BoundingBox (optional) | Vector&lt;Single, 4&gt;: its GT-known and Top-1 Loc are reported too |
/// | ImagePath (optional) | text naming the row in errors and per-image detail |
///
/// Rows are read once, in order; maps are scored in parallel in batches. Schema problems throw ML.NET's schema
/// mismatch naming the column and the expected type; a row without GT boxes, with an invalid box, a missing key,
/// or a map with NaN or values outside [0, 1] throws naming the row.
/// </remarks>
public sealed class WsolEvaluationCatalog
{
    private const int RowsPerThreadPerBatch = 16;

    private readonly IHost _host;

    internal WsolEvaluationCatalog(MLContext mlContext) => _host = ((IHostEnvironment)mlContext).Register(nameof(WsolEvaluationCatalog));

    /// <summary>Evaluates every row of <paramref name="data"/>.</summary>
    /// <param name="data">Rows with the columns named in <paramref name="options"/>.</param>
    /// <param name="options">Columns and metric settings; null for the defaults.</param>
    public WsolEvaluationResult Evaluate(IDataView data, WsolEvaluationOptions? options = null)
    {
        _host.CheckValue(data, nameof(data));
        options ??= new WsolEvaluationOptions();
        options.Validate();
        DataViewSchema schema = data.Schema;
        DataViewSchema.Column cam = Require(schema, "CAM", options.CamColumnName);
        DataViewSchema.Column size = Require(schema, "CAM size", options.CamSizeColumnName);
        BoxDeriverTransformer.CheckCam(_host, cam, size);
        DataViewSchema.Column boxes = Require(schema, "ground-truth boxes", options.GroundTruthBoxesColumnName);
        if (boxes.Type is not VectorDataViewType { ItemType: NumberDataViewType b } || b != NumberDataViewType.Single)
            throw _host.ExceptSchemaMismatch(nameof(data), "ground-truth boxes", boxes.Name, "Vector<Single> (x0, y0, x1, y1 per box)", boxes.Type.ToString());

        DataViewSchema.Column? label = Optional(schema, options.LabelColumnName);
        DataViewSchema.Column? predicted = Optional(schema, options.PredictedLabelColumnName);
        if (label is null || predicted is null)
        {
            label = predicted = null;
        }
        else
        {
            CheckKeys(label.Value, predicted.Value);
        }

        DataViewSchema.Column? box = Optional(schema, options.BoundingBoxColumnName);
        if (box is { } bc && (bc.Type is not VectorDataViewType { ItemType: NumberDataViewType bt, Size: 4 } || bt != NumberDataViewType.Single))
            throw _host.ExceptSchemaMismatch(nameof(data), "bounding box", bc.Name, "Vector<Single, 4>", bc.Type.ToString());
        DataViewSchema.Column? id = Optional(schema, options.ImageIdColumnName);
        if (id is { } ic && ic.Type is not TextDataViewType)
            throw _host.ExceptSchemaMismatch(nameof(data), "image id", ic.Name, "String", ic.Type.ToString());
        DataViewSchema.Column? width = null, height = null;
        if (options.ImageWidthColumnName is not null)
        {
            width = RequireInt32(schema, "image width", options.ImageWidthColumnName);
            height = RequireInt32(schema, "image height", options.ImageHeightColumnName!);
        }

        var columns = new[] { cam, size, boxes, label, predicted, box, id, width, height }.Where(c => c is not null).Select(c => c!.Value);
        var accumulator = new BoxAccuracyAccumulator(options.Metrics);
        int threads = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var batch = new List<ScoreMapSample>(threads * RowsPerThreadPerBatch);
        int boxCorrect = 0, boxTop1 = 0;
        long rows = 0;
        using (DataViewRowCursor cursor = data.GetRowCursor(columns))
        {
            var camGetter = cursor.GetGetter<VBuffer<double>>(cam);
            var sizeGetter = cursor.GetGetter<VBuffer<int>>(size);
            var boxesGetter = cursor.GetGetter<VBuffer<float>>(boxes);
            ValueGetter<uint>? labelGetter = label is { } l ? cursor.GetGetter<uint>(l) : null;
            ValueGetter<uint>? predictedGetter = predicted is { } p ? cursor.GetGetter<uint>(p) : null;
            ValueGetter<VBuffer<float>>? boxGetter = box is { } bb ? cursor.GetGetter<VBuffer<float>>(bb) : null;
            ValueGetter<ReadOnlyMemory<char>>? idGetter = id is { } ii ? cursor.GetGetter<ReadOnlyMemory<char>>(ii) : null;
            ValueGetter<int>? widthGetter = width is { } w ? cursor.GetGetter<int>(w) : null;
            ValueGetter<int>? heightGetter = height is { } h ? cursor.GetGetter<int>(h) : null;
            VBuffer<double> camValue = default;
            VBuffer<int> sizeValue = default;
            VBuffer<float> floats = default;
            while (cursor.MoveNext())
            {
                long row = cursor.Position;
                rows++;
                sizeGetter(ref sizeValue);
                int[] wh = sizeValue.DenseValues().ToArray();
                camGetter(ref camValue);
                var map = new double[camValue.Length];
                camValue.CopyTo(map);
                boxesGetter(ref floats);
                List<PixelBox> gt = BoxDeriver.ParseBoxes(floats.DenseValues().ToArray(), row, boxes.Name);
                if (gt.Count == 0)
                    throw new InvalidDataException($"Row {row}, column '{boxes.Name}': no ground-truth box; every evaluated row needs one.");
                (int? trueClass, int? predictedClass) = Classes(labelGetter, predictedGetter, row, label, predicted);
                string? name = null;
                if (idGetter is not null)
                {
                    ReadOnlyMemory<char> text = default;
                    idGetter(ref text);
                    name = text.ToString();
                }

                int originalWidth = wh[0], originalHeight = wh[1];
                if (widthGetter is not null)
                {
                    widthGetter(ref originalWidth);
                    heightGetter!(ref originalHeight);
                }

                if (boxGetter is not null)
                {
                    boxGetter(ref floats);
                    PixelBox predictedBox = BoxDeriver.ParseBoxes(floats.DenseValues().ToArray(), row, box!.Value.Name)[0];
                    bool hit = gt.Max(g => PixelBox.Iou(predictedBox, g)) >= LocalizationAccuracy.IouThreshold;
                    boxCorrect += hit ? 1 : 0;
                    boxTop1 += hit && trueClass is not null && trueClass == predictedClass ? 1 : 0;
                }

                batch.Add(new ScoreMapSample(map, wh[0], wh[1], gt, originalWidth, originalHeight)
                {
                    ImageId = name ?? $"row {row}",
                    TrueClass = trueClass,
                    PredictedClass = predictedClass,
                });
                if (batch.Count == batch.Capacity)
                {
                    Flush(accumulator, batch, threads);
                }
            }
        }

        Flush(accumulator, batch, threads);
        if (rows == 0)
            throw _host.Except("WSOL evaluation needs at least one row; the data view is empty.");
        BoxAccuracyResult metrics = accumulator.Compute();
        return new WsolEvaluationResult(
            metrics,
            box is null ? null : boxCorrect * 100.0 / rows,
            box is null || label is null ? null : boxTop1 * 100.0 / rows);
    }

    private void Flush(BoxAccuracyAccumulator accumulator, List<ScoreMapSample> batch, int threads)
    {
        _host.CheckAlive();
        accumulator.AddRange(batch, threads);
        batch.Clear();
    }

    // The 0-based classes of a row from its keys (key k ↔ class k − 1; key 0 is a missing value).
    private static (int?, int?) Classes(ValueGetter<uint>? labelGetter, ValueGetter<uint>? predictedGetter, long row,
        DataViewSchema.Column? label, DataViewSchema.Column? predicted)
    {
        if (labelGetter is null || predictedGetter is null)
        {
            return (null, null);
        }

        uint truth = 0, guess = 0;
        labelGetter(ref truth);
        predictedGetter(ref guess);
        if (truth == 0)
            throw new InvalidDataException($"Row {row}, column '{label!.Value.Name}': the label key is missing (0).");
        if (guess == 0)
            throw new InvalidDataException($"Row {row}, column '{predicted!.Value.Name}': the predicted key is missing (0).");
        return ((int)truth - 1, (int)guess - 1);
    }

    private DataViewSchema.Column Require(DataViewSchema schema, string role, string name) =>
        schema.GetColumnOrNull(name) ?? throw _host.ExceptSchemaMismatch(nameof(schema), role, name);

    private DataViewSchema.Column RequireInt32(DataViewSchema schema, string role, string name)
    {
        DataViewSchema.Column column = Require(schema, role, name);
        if (column.Type != NumberDataViewType.Int32)
            throw _host.ExceptSchemaMismatch(nameof(schema), role, name, "Int32", column.Type.ToString());
        return column;
    }

    private static DataViewSchema.Column? Optional(DataViewSchema schema, string? name) =>
        name is null ? null : schema.GetColumnOrNull(name);

    private void CheckKeys(DataViewSchema.Column label, DataViewSchema.Column predicted)
    {
        if (label.Type is not KeyDataViewType labelKey || labelKey.RawType != typeof(uint))
            throw _host.ExceptSchemaMismatch("schema", "label", label.Name, "Key<UInt32> (apply MapValueToKey first)", label.Type.ToString());
        if (predicted.Type is not KeyDataViewType predictedKey || predictedKey.RawType != typeof(uint))
            throw _host.ExceptSchemaMismatch("schema", "predicted label", predicted.Name, "Key<UInt32>", predicted.Type.ToString());
        if (labelKey.Count != 0 && predictedKey.Count != 0 && labelKey.Count != predictedKey.Count)
            throw _host.ExceptSchemaMismatch("schema", "predicted label", predicted.Name, $"Key<UInt32, 0-{labelKey.Count - 1}> (the label's keys)", predicted.Type.ToString());
    }
}
