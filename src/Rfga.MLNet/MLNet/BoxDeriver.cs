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
/// Derives a box from each CAM: the bounding box of the largest connected region above τ, with the reference's
/// exact rules (notes/wsol-metrics.md). τ is given, or calibrated by <see cref="Fit"/> on rows with ground-truth boxes.
/// </summary>
/// <remarks>
/// | Input column | type |
/// |---|---|
/// | Cam | Vector&lt;Double&gt; (H·W), values in [0, 1] |
/// | CamSize | Vector&lt;Int32, 2&gt; (width, height) |
/// | Boxes (calibration only) | Vector&lt;Single&gt;, 4 values per box |
///
/// | Output column | type |
/// |---|---|
/// | BoundingBox | Vector&lt;Single, 4&gt;: x0, y0, x1, y1 inclusive source pixels |
/// | BoundingBoxTau | Single: the τ used |
/// </remarks>
public sealed class BoxDeriver : IEstimator<BoxDeriverTransformer>
{
    private readonly IHost host;
    private readonly BoxDeriverOptions options;

    internal BoxDeriver(IHostEnvironment env, BoxDeriverOptions options)
    {
        host = Contracts.CheckRef(env, nameof(env)).Register(nameof(BoxDeriver));
        host.CheckValue(options, nameof(options));
        options.Validate();
        this.options = options;
    }

    /// <summary>Returns the transformer with the given τ, or calibrates τ on the rows of <paramref name="input"/> that carry boxes.</summary>
    public BoxDeriverTransformer Fit(IDataView input)
    {
        host.CheckValue(input, nameof(input));
        var cam = input.Schema.GetColumnOrNull(options.CamColumnName) ?? throw host.ExceptSchemaMismatch(nameof(input), "CAM", options.CamColumnName);
        var size = input.Schema.GetColumnOrNull(options.CamSizeColumnName) ?? throw host.ExceptSchemaMismatch(nameof(input), "CAM size", options.CamSizeColumnName);
        BoxDeriverTransformer.CheckCam(host, cam, size);
        if (options.Tau is double tau) return new BoxDeriverTransformer(host, options, tau);

        var boxes = input.Schema.GetColumnOrNull(options.GroundTruthBoxesColumnName)
            ?? throw host.ExceptSchemaMismatch(nameof(input), "ground-truth boxes (needed to calibrate τ; or set Tau)", options.GroundTruthBoxesColumnName);
        if (boxes.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n != NumberDataViewType.Single)
            throw host.ExceptSchemaMismatch(nameof(input), "ground-truth boxes", boxes.Name, "Vector<Single> (x0, y0, x1, y1 per box)", boxes.Type.ToString());

        using var channel = host.Start("Calibrating τ");
        var accumulator = new BoxAccuracyAccumulator(new BoxAccuracyOptions
        {
            IouThresholds = [options.CalibrationIouThreshold],
            ThresholdStep = options.ThresholdStep,
            GtResizeMode = GtResizeMode.None,
        });
        using (var cursor = input.GetRowCursor(new[] { cam, size, boxes }))
        {
            var camGetter = cursor.GetGetter<VBuffer<double>>(cam);
            var sizeGetter = cursor.GetGetter<VBuffer<int>>(size);
            var boxGetter = cursor.GetGetter<VBuffer<float>>(boxes);
            VBuffer<double> camValue = default;
            VBuffer<int> sizeValue = default;
            VBuffer<float> boxValue = default;
            while (cursor.MoveNext())
            {
                boxGetter(ref boxValue);
                var gt = ParseBoxes(boxValue.DenseValues().ToArray(), cursor.Position, boxes.Name);
                if (gt.Count == 0) continue;
                sizeGetter(ref sizeValue);
                camGetter(ref camValue);
                var s = sizeValue.DenseValues().ToArray();
                accumulator.Add(camValue.GetValues(), s[0], s[1], gt, s[0], s[1]);
            }
        }
        if (accumulator.Count == 0)
            throw host.Except($"Cannot calibrate τ: no row has ground-truth boxes in column '{boxes.Name}'. Give rows with boxes or set Tau.");
        var result = accumulator.Compute().PerDelta[0];
        channel.Info($"τ = {result.OptimalTau} maximises BoxAcc at δ = {options.CalibrationIouThreshold} on {accumulator.Count} rows ({result.MaxBoxAccuracy:F2}%).");
        return new BoxDeriverTransformer(host, options, result.OptimalTau);
    }

    /// <summary>The input schema plus BoundingBox and BoundingBoxTau.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        host.CheckValue(inputSchema, nameof(inputSchema));
        foreach (var name in new[] { options.CamColumnName, options.CamSizeColumnName })
            if (!inputSchema.TryFindColumn(name, out _)) throw host.ExceptSchemaMismatch(nameof(inputSchema), "input", name);
        var columns = inputSchema.ToDictionary(c => c.Name);
        columns[options.BoundingBoxColumnName] = new SchemaShape.Column(options.BoundingBoxColumnName, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false);
        columns[options.TauColumnName] = new SchemaShape.Column(options.TauColumnName, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false);
        return new SchemaShape(columns.Values);
    }

    /// <summary>Boxes from 4·n floats (x0, y0, x1, y1 each); errors name the row, column and box.</summary>
    internal static List<PixelBox> ParseBoxes(float[] values, long row, string column)
    {
        if (values.Length % 4 != 0)
            throw new InvalidDataException($"Row {row}, column '{column}': {values.Length} values; boxes need 4 each (x0, y0, x1, y1).");
        var boxes = new List<PixelBox>(values.Length / 4);
        for (int i = 0; i < values.Length; i += 4)
        {
            for (int j = 0; j < 4; j++)
                if (!float.IsFinite(values[i + j]) || values[i + j] < 0 || values[i + j] != MathF.Floor(values[i + j]))
                    throw new InvalidDataException($"Row {row}, column '{column}', box {i / 4}: value {values[i + j]} is not a non-negative whole pixel.");
            var b = new PixelBox((int)values[i], (int)values[i + 1], (int)values[i + 2], (int)values[i + 3]);
            if (b.X1 < b.X0 || b.Y1 < b.Y0)
                throw new InvalidDataException($"Row {row}, column '{column}', box {i / 4}: {b} has x1 < x0 or y1 < y0.");
            boxes.Add(b);
        }
        return boxes;
    }
}
