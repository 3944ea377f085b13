using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.ML;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Samples.Figures;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>
/// Runs an experiment: per row, train (model zip and checkpoint folder under <c>rows/&lt;row&gt;/</c>; a finished row —
/// its result.json exists — is not retrained, an interrupted one resumes from its checkpoint), evaluate on the test
/// split with the ground-truth-class CAM, write the row's result.json; then the Markdown and CSV tables in the paper's
/// layout, the τ-curve figure and the overlay grid. run.json pins the data and recipe of the output folder.
/// </summary>
internal sealed class ExperimentRunner(ExperimentSettings settings, ProgressDisplay display, CancellationToken cancel)
{
    /// <summary>File names written in the output folder.</summary>
    public const string MarkdownFile = "table.md", CsvFile = "table.csv", TauCurvesFile = "tau-curves.png", OverlaysFile = "overlays.png",
        RunFile = "run.json", RowsFolder = "rows", ResultFile = "result.json", ModelFile = "model.zip", CheckpointFolder = "checkpoint";

    private const string ImagePathColumn = nameof(ImageListRow.ImagePath), ClassColumn = nameof(ImageListRow.ClassName);

    /// <summary>Runs every row and writes the outputs; returns the process exit code.</summary>
    public int Run()
    {
        var clock = Stopwatch.StartNew();
        var scale = settings.Scale;
        Directory.CreateDirectory(settings.Output);
        display.Line($"{settings.Definition.Title} on {settings.Dataset} — {scale.Label}.");
        display.Line("Recipe: " + scale.Describe() + ".");
        scale.Weights();                                   // a missing --pretrained file fails before any work
        var data = ExperimentData.Load(settings.Dataset, settings.DataFolder, scale, settings.TrainImages, settings.TestImages, settings.Seed, display.Line);
        display.Line($"Data: {data.Description} in {Path.GetFullPath(settings.DataFolder)}; output in {Path.GetFullPath(settings.Output)}.");
        CheckRunFile(data);

        var rows = settings.Definition.Rows.Where(r => settings.OnlyRows is null || settings.OnlyRows.Contains(r.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (rows.Count == 0)
            throw new ArgumentException($"--rows names no row of {settings.Definition.Source} (rows: {string.Join(", ", settings.Definition.Rows.Select(r => r.Name))}).");
        var results = new List<(ExperimentRow, RowResult)>();
        for (int i = 0; i < rows.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            results.Add((rows[i], RunRow(rows[i], i + 1, rows.Count, data)));
        }

        var context = new ResultTables.Context(settings.Definition, settings.Dataset, data.Description, scale, settings.PaperDataset, settings.CommandLine);
        AtomicText.Write(Path.Combine(settings.Output, CsvFile), ResultTables.Csv(context, results));
        WriteTauCurves(rows);
        if (settings.Overlays > 0) WriteOverlays(rows, data);
        AtomicText.Write(Path.Combine(settings.Output, MarkdownFile), ResultTables.Markdown(context, results, clock.Elapsed.TotalSeconds));
        foreach (string line in ResultTables.Console(context, results)) display.Line(line);
        display.Line($"{MarkdownFile}, {CsvFile}, {TauCurvesFile}{(settings.Overlays > 0 ? ", " + OverlaysFile : "")} written to {Path.GetFullPath(settings.Output)} " +
                     string.Create(CultureInfo.InvariantCulture, $"({clock.Elapsed.TotalMinutes:F1} min)."));
        return 0;
    }

    /// <summary>Refuses an output folder that holds a run of other data or another recipe (its rows would not be comparable).</summary>
    private void CheckRunFile(ExperimentData data)
    {
        var run = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = "rfga-experiment-run/1",
            ["dataset"] = settings.Dataset,
            ["data"] = data.Description,
            ["scale"] = settings.Scale.Name,
            ["recipe"] = settings.Scale.Describe(),
            ["seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
        };
        string text = JsonSerializer.Serialize(run, new JsonSerializerOptions { WriteIndented = true });
        string path = Path.Combine(settings.Output, RunFile);
        if (File.Exists(path))
        {
            var saved = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(path)) ?? [];
            var differ = run.Keys.Where(k => !saved.TryGetValue(k, out var v) || v != run[k]).ToList();
            if (differ.Count > 0)
                throw new InvalidOperationException($"'{Path.GetFullPath(settings.Output)}' holds a run with another {string.Join(", ", differ)} " +
                    $"({string.Join("; ", differ.Select(k => $"{k}: '{(saved.TryGetValue(k, out var v) ? v : "")}' then, '{run[k]}' now"))}); use another --out or delete it.");
            return;
        }
        AtomicText.Write(path, text);
    }

    private RowResult RunRow(ExperimentRow row, int index, int count, ExperimentData data)
    {
        string folder = Path.Combine(settings.Output, RowsFolder, row.Slug);
        string resultPath = Path.Combine(folder, ResultFile), zip = Path.Combine(folder, ModelFile), checkpoint = Path.Combine(folder, CheckpointFolder);
        string tag = $"[{index}/{count}] {row.Name}";
        if (File.Exists(resultPath))
        {
            var done = RowResult.Read(resultPath);
            if (done.Definition != row.Describe())
                throw new InvalidOperationException($"'{resultPath}' was produced by another definition of row '{row.Name}' ({done.Definition}; now " +
                                                    $"{row.Describe()}); delete '{folder}' to run the row again.");
            display.Line($"{tag}: finished earlier; read {resultPath}.");
            return done;
        }
        Directory.CreateDirectory(folder);
        double seconds = 0;
        if (!File.Exists(zip))
        {
            display.Line($"{tag}: training ({row.Describe().Split(';')[0]}){(Directory.Exists(checkpoint) ? ", resuming from " + checkpoint : "")}.");
            var clock = Stopwatch.StartNew();
            Train(row, data, zip, checkpoint);
            seconds = clock.Elapsed.TotalSeconds;
            if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
        }
        display.Line($"{tag}: evaluating on {data.Test.Rows.Count} test images.");
        var ml = Commands.GpuOption.Context(settings.Seed, settings.Gpu);
        using var model = LoadedModel.Load(ml, $"{row.Slug}={zip}");
        CheckModel(row, model, zip);
        var evaluated = ModelEvaluation.Evaluate(ml, model, data.Test, keep: 0, display, cancel);
        var result = RowResult.Write(resultPath, row, evaluated, seconds, settings.Scale.Label);
        display.Line(string.Create(CultureInfo.InvariantCulture,
            $"{tag}: Avg. MaxBoxAcc {result.MeanMaxBoxAcc:0.00}, mIoU {result.PerImageMeanIou:0.0000}, top-1 {result.Top1:0.00}."));
        return result;
    }

    private void Train(ExperimentRow row, ExperimentData data, string zip, string checkpoint)
    {
        var ml = Commands.GpuOption.Context(settings.Seed, settings.Gpu);
        var keyData = ml.Data.LoadFromEnumerable(data.ClassNames.Select(c => new ClassNameRow { ClassName = c }));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", ClassColumn, keyData: keyData);
        var input = ml.Data.LoadFromEnumerable(data.Train.Rows);
        var options = new RfgaLocalizeOptions
        {
            LabelColumnName = "Label",
            ImageColumnName = ImagePathColumn,
            Backbone = settings.Scale.Backbone,
            Pretrained = settings.Scale.Weights(),
            Attention = row.Attention,
            Views = row.Views,
            Method = row.Method,
            HaS = row.HaS,
            Adl = row.Adl,
            Acol = row.Acol,
            CutMix = row.CutMix,
            Training = settings.Scale.Training,
            Tau = 0.5,                      // evaluation sweeps τ itself; no calibration pass over the training images
            CheckpointFolder = checkpoint,
            Cancellation = cancel,
            Progress = display.Training($"train {row.Name}"),
        };
        var model = keyed.Append(ml.Transforms.RfgaLocalize(options)).Fit(input);
        try
        {
            string tmp = zip + ".tmp";
            ml.Model.Save(model, input.Schema, tmp);
            File.Move(tmp, zip, overwrite: true);
        }
        finally
        {
            Demo.DemoRunner.DisposeAll(model);
        }
    }

    /// <summary>A model zip left by an earlier run must have been trained for this row (same network and method).</summary>
    private void CheckModel(ExperimentRow row, LoadedModel model, string zip)
    {
        var spec = model.RequireClassifier().Network.Spec;
        bool same = spec.Backbone == settings.Scale.Backbone && spec.Attention == row.Attention && spec.Views == row.Views && spec.Method == row.Method
                    && spec.HaS == row.HaS && spec.Adl == row.Adl && spec.Acol == row.Acol && spec.CutMix == row.CutMix;
        if (!same)
            throw new InvalidOperationException($"'{zip}' holds a {spec.Backbone} {spec.Attention} {spec.Method} network, not row '{row.Name}' " +
                                                $"({settings.Scale.Backbone}, {row.Describe()}); delete it to train the row again.");
    }

    private void WriteTauCurves(IReadOnlyList<ExperimentRow> rows)
    {
        var methods = rows.Select(r => EvaluationJson.Read(Path.Combine(settings.Output, RowsFolder, r.Slug, ResultFile))[0]).ToList();
        var curves = TauCurveFigure.Curves(methods, [0.5], meanOverDelta: false);
        Rfga.MLNet.Visualization.TauCurvePlot.Save(Path.Combine(settings.Output, TauCurvesFile), curves, new Rfga.MLNet.Visualization.TauCurvePlotOptions
        {
            Width = 1280,
            Height = 640,
            Title = $"{settings.Definition.Name} {settings.Dataset}: BoxAcc vs τ, δ=0.5 - {settings.Scale.Label.Replace('—', '-')}",
        });
    }

    private void WriteOverlays(IReadOnlyList<ExperimentRow> rows, ExperimentData data)
    {
        var first = data.Test with { Rows = data.Test.Rows.Where(r => r.Boxes.Length > 0).Take(settings.Overlays).ToList() };
        var evaluated = new List<EvaluatedModel>();
        foreach (var row in rows)
        {
            var ml = Commands.GpuOption.Context(settings.Seed, settings.Gpu);
            using var model = LoadedModel.Load(ml, $"{row.Slug}={Path.Combine(settings.Output, RowsFolder, row.Slug, ModelFile)}");
            evaluated.Add(ModelEvaluation.Evaluate(ml, model, first, first.Rows.Count, display, cancel) with { Name = row.Name });
        }
        // 128 px cells: 64-pixel images are drawn at 2× and column titles such as "RFGA w/o R" fit.
        var grid = OverlayFigure.Compose(evaluated, first.Rows.Count, TauChoice.Parse("best"), cellSize: 128);
        // The scale banner above the grid: the longest wording that fits its width (pixel font: 4 columns per character).
        string label = settings.Scale.Label.Replace('—', '-');
        string banner = new[] { $"{settings.Definition.Name} {settings.Dataset}, best τ per image - {label}", label, label.Split(" - ")[0] }
            .FirstOrDefault(t => t.Length * 4 * Rfga.MLNet.Visualization.OverlayGrid.TextScale <= grid.Width) ?? label.Split(" - ")[0];
        Rfga.MLNet.Visualization.OverlayGrid.Compose([[grid]], [banner]).SavePng(Path.Combine(settings.Output, OverlaysFile));
    }

    /// <summary>The one-column key data of MapValueToKey: class names in the data set's class order.</summary>
    private sealed class ClassNameRow
    {
        public string ClassName { get; set; } = "";
    }
}
