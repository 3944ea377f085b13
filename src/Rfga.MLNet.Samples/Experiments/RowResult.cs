using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Rfga.MLNet.Samples.Figures;
using Rfga.MLNet.Samples.IO;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>
/// One finished row: its metrics on the test split, as written to <c>rows/&lt;row&gt;/result.json</c> — the evaluation
/// object of <see cref="EvaluationJson"/> (so <c>rfga visualize tau-curves --json</c> reads it) plus the row's definition,
/// the scale label and the training time.
/// </summary>
/// <param name="Row">The row name.</param>
/// <param name="Definition">The row's <see cref="ExperimentRow.Describe"/> when it was trained.</param>
/// <param name="MaxBoxAcc">MaxBoxAcc (%) at δ 0.5…0.9.</param>
/// <param name="OptimalTau">τ* per δ.</param>
/// <param name="MeanMaxBoxAcc">Mean over δ (%).</param>
/// <param name="PerImageMeanIou">mIoU reading (i): mean of each image's best IoU over τ (compared with the paper).</param>
/// <param name="MeanIouAtOptimalTau">mIoU reading (iii): mean IoU at τ*(δ = 0.5).</param>
/// <param name="MaxMeanIou">mIoU reading (ii): max over τ of the mean IoU.</param>
/// <param name="Top1">Top-1 classification (%).</param>
/// <param name="Images">Test images evaluated.</param>
/// <param name="TrainingSeconds">Wall time of training in the process that finished it (a resumed run counts its last part only).</param>
internal sealed record RowResult(string Row, string Definition, IReadOnlyList<double> MaxBoxAcc, IReadOnlyList<double> OptimalTau, double MeanMaxBoxAcc,
    double PerImageMeanIou, double MeanIouAtOptimalTau, double MaxMeanIou, double? Top1, int Images, double TrainingSeconds)
{
    /// <summary>The format tag.</summary>
    public const string Format = "rfga-experiment-row/1";

    /// <summary>The δ values of <see cref="MaxBoxAcc"/>.</summary>
    public static readonly double[] Deltas = [0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Writes the row's result atomically and returns it.</summary>
    public static RowResult Write(string path, ExperimentRow row, EvaluatedModel evaluated, double trainingSeconds, string scaleLabel)
    {
        var metrics = evaluated.Metrics ?? throw new InvalidDataException($"row '{row.Name}': no test image has a ground-truth box.");
        var document = EvaluationJson.Method(evaluated with { Name = row.Name });
        document["format"] = Format;
        document["row"] = row.Name;
        document["definition"] = row.Describe();
        document["scale"] = scaleLabel;
        document["trainingSeconds"] = Math.Round(trainingSeconds, 1);
        AtomicText.Write(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        return Read(path);
    }

    /// <summary>Reads a row result; errors name the file and field.</summary>
    public static RowResult Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        try
        {
            if (root.GetProperty("format").GetString() != Format) throw new InvalidDataException($"{path}: not an {Format} file.");
            var maxBoxAcc = Deltas.Select(d => root.GetProperty("maxBoxAcc").GetProperty(EvaluationJson.Key(d)).GetDouble()).ToArray();
            var tau = Deltas.Select(d => root.GetProperty("optimalTau").GetProperty(EvaluationJson.Key(d)).GetDouble()).ToArray();
            var top1 = root.GetProperty("top1Classification");
            return new RowResult(root.GetProperty("row").GetString()!, root.GetProperty("definition").GetString()!, maxBoxAcc, tau,
                root.GetProperty("meanMaxBoxAcc").GetDouble(), root.GetProperty("perImageMeanIou").GetDouble(),
                root.GetProperty("meanIouAtOptimalTau").GetDouble(), root.GetProperty("maxMeanIou").GetDouble(),
                top1.ValueKind == JsonValueKind.Number ? top1.GetDouble() : null, root.GetProperty("images").GetInt32(),
                root.GetProperty("trainingSeconds").GetDouble());
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: damaged row result ({e.Message}); delete the file to evaluate the row again."), e);
        }
    }
}
