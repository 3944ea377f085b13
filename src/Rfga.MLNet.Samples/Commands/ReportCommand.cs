using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Rfga.MLNet.Samples.Figures;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;
using Rfga.MLNet.Samples.Report;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Commands;

/// <summary><c>rfga report</c>: one self-contained HTML file with metrics, τ curves and overlays of models on a data set.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "Model zip written by 'rfga train', as PATH or NAME=PATH (repeat to compare models; NAME defaults to the file name).",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var input = new InputOptions("test", classFolders: false);
        var output = CliOptions.Required("--out", "HTML file to write (atomically; replaced if it exists). Figures are embedded, so the file stands alone.");
        var overlays = CliOptions.Make("--overlays", "Images on the overlay page (first N of the input; 0: no overlay page).", 8);
        var size = CliOptions.Make("--overlay-size", "Largest side of each overlay cell, pixels (small images are enlarged by a whole factor).", 192);
        var tau = CliOptions.Make("--tau", TauChoice.Help, "best");
        var json = CliOptions.Make<string?>("--json", "Also write the metrics and τ curves as evaluation JSON (input of 'rfga visualize tau-curves').", null);
        var title = CliOptions.Make<string?>("--title", "Page title (default: 'RFGA report: <data>').", null);
        var gpu = GpuOption.Create();
        var command = new Command("report",
            "Scores every --model on the images of --data/--layout/--split (default: the test split) or --images, and writes --out: one " +
            "self-contained HTML page with the metrics table (MaxBoxAcc per δ 0.5…0.9, their mean, mIoU, top-1 classification, τ*), " +
            "the BoxAcc-versus-τ curves and a page of CAM overlays (ground truth red, prediction green). Metrics use the CAM of the " +
            "ground-truth class (the predicted class for unlabelled images) and need ground-truth boxes; images without boxes only " +
            "appear in top-1 and the overlays.")
        {
            models, output, overlays, size, tau, json, title, gpu,
        };
        input.AddTo(command);
        command.SetAction(parse => CliOptions.Run("report", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            var choice = TauChoice.Parse(parse.GetValue(tau)!);
            int count = parse.GetValue(overlays), cell = parse.GetValue(size);
            if (count < 0 || count > 200) throw new ArgumentException($"--overlays must be in [0, 200]; got {count}.");
            if (cell < 32 || cell > 1024) throw new ArgumentException($"--overlay-size must be in [32, 1024]; got {cell}.");
            return Run(parse.GetValue(models)!, input.Load(parse), parse.GetValue(output)!, count, cell, choice, parse.GetValue(json), parse.GetValue(title), parse.GetValue(gpu));
        }));
        return command;
    }

    /// <summary>"name: MaxBoxAcc 75.00 / 51.00 / … (δ 0.5/…/0.9), Avg. 32.55, mIoU 0.6970, top-1 76.65%".</summary>
    private static string Summary(EvaluatedModel m)
    {
        var c = CultureInfo.InvariantCulture;
        string top1 = m.Top1Classification is double t ? string.Create(c, $", top-1 {t:0.00}%") : "";
        if (m.Metrics is not { } r) return $"{m.Name}: no ground-truth boxes{top1}";
        string values = string.Join(" / ", r.PerDelta.Select(d => d.MaxBoxAccuracy.ToString("0.00", c)));
        string deltas = string.Join("/", r.PerDelta.Select(d => d.Delta.ToString("0.0", c)));
        return string.Create(c, $"{m.Name}: MaxBoxAcc {values} (δ {deltas}), Avg. {r.MeanMaxBoxAccuracy:0.00}, mIoU {r.PerImageMeanIou:0.0000}{top1}");
    }

    private static int Run(string[] modelSpecs, InputSet input, string outPath, int overlays, int cellSize, TauChoice tau, string? jsonPath, string? title, int? gpu)
    {
        var ml = GpuOption.Context(1, gpu);
        var loaded = new List<LoadedModel>();
        try
        {
            foreach (var spec in modelSpecs) loaded.Add(LoadedModel.Load(ml, spec));
            using var stop = new CtrlC(Console.Error.WriteLine);
            var evaluated = ProgressDisplay.Run(display =>
            {
                var list = new List<EvaluatedModel>();
                foreach (var model in loaded)
                {
                    display.Line($"Scoring {model.Name} ({model.Path}) on {input.Description}…");
                    list.Add(ModelEvaluation.Evaluate(ml, model, input, overlays, display, stop.Token));
                }
                return list;
            });

            var figures = new List<HtmlReport.Figure>();
            var withCurves = evaluated.Where(m => m.Metrics is not null).ToList();
            if (withCurves.Count > 0)
            {
                var methods = withCurves.Select(m => TauCurveFigure.FromResult(m.Name, m.Metrics!)).ToList();
                var first = TauCurveFigure.Curves(methods, [withCurves[0].Metrics!.PerDelta[0].Delta], meanOverDelta: false);
                figures.Add(new HtmlReport.Figure("BoxAcc versus τ (δ = 0.5)",
                    "BoxAcc(τ, δ = 0.5) per model; the dot marks the optimal τ (the first τ reaching MaxBoxAcc).",
                    TauCurvePlot.Render(first, new TauCurvePlotOptions { Title = "BoxAcc vs τ, δ=0.5" }).EncodePng()));
                var deltas = withCurves[0].Metrics!.PerDelta.Select(d => d.Delta).ToList();
                var all = TauCurveFigure.Curves(methods, deltas, meanOverDelta: false);
                figures.Add(new HtmlReport.Figure("BoxAcc versus τ, every δ",
                    "One colour per model, one dash pattern per δ (solid: δ = 0.5); each curve's optimum is marked.",
                    TauCurvePlot.Render(all, new TauCurvePlotOptions { Title = "BoxAcc vs τ, every δ", Height = 620 }).EncodePng()));
            }
            if (overlays > 0 && evaluated.All(m => m.Kept.Count > 0))
            {
                var grid = OverlayFigure.Compose(evaluated, overlays, tau, cellSize);
                figures.Add(new HtmlReport.Figure($"Overlays (first {Math.Min(overlays, evaluated.Min(m => m.Kept.Count))} images)",
                    "CAM heat map (jet, 50 % opacity), ground-truth boxes red, predicted box green; caption: IoU with the best-matching " +
                    $"ground-truth box and the τ of the drawn box (--tau {(tau.Kind == "value" ? tau.Value.ToString("0.00", CultureInfo.InvariantCulture) : tau.Kind)}).",
                    grid.EncodePng()));
            }
            var notes = new List<string>(input.Warnings.Select(w => "Data: " + w));
            if (withCurves.Count == 0) notes.Add("No image has a ground-truth box, so there are no box metrics or τ curves.");
            string page = HtmlReport.Build(title ?? $"RFGA report: {input.Description}", input.Description, evaluated, figures, notes, DateTimeOffset.UtcNow);
            AtomicText.Write(outPath, page);
            if (jsonPath is not null) EvaluationJson.Write(jsonPath, input.Description, evaluated);
            foreach (var m in evaluated) Console.Out.WriteLine(Summary(m));
            Console.Out.WriteLine($"Report written to {Path.GetFullPath(outPath)}" + (jsonPath is null ? "." : $"; evaluation JSON to {Path.GetFullPath(jsonPath)}."));
            return 0;
        }
        finally
        {
            foreach (var m in loaded) m.Dispose();
        }
    }
}
