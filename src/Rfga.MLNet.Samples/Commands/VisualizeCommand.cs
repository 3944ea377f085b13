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
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Commands;

/// <summary><c>rfga visualize overlays|tau-curves|attention</c>: the paper's figure kinds (Figs. 3, 4, 5) as PNG files.</summary>
internal static class VisualizeCommand
{
    public static Command Create()
    {
        var command = new Command("visualize",
            "Draws one of the paper's figure kinds as a PNG: 'overlays' (Fig. 3: CAM overlays with boxes, images × models), " +
            "'tau-curves' (Fig. 4: BoxAcc versus τ with the optimal τ marked) or 'attention' (Fig. 5: z_c, z_h, z_w, M, X, A(X), X̂ and D " +
            "of one image). See 'rfga visualize <figure> --help'.");
        command.Subcommands.Add(Overlays());
        command.Subcommands.Add(TauCurves());
        command.Subcommands.Add(Attention());
        return command;
    }

    private static Option<string[]> ModelOption(bool required) => new("--model")
    {
        Description = "Model zip written by 'rfga train', as PATH or NAME=PATH (NAME defaults to the file name)" + (required ? "; repeat to compare models." : "."),
        Required = required,
    };

    private static Command Overlays()
    {
        var models = ModelOption(required: true);
        var input = new InputOptions("test", classFolders: false);
        var output = CliOptions.Required("--out", "PNG file to write (atomically).");
        var count = CliOptions.Make("--count", "Images (rows), the first N of the input.", 4);
        var size = CliOptions.Make("--size", "Largest side of each cell, pixels (small images are enlarged by a whole factor, large ones reduced).", 192);
        var tau = CliOptions.Make("--tau", TauChoice.Help, "best");
        var gpu = GpuOption.Create();
        var command = new Command("overlays",
            "Fig. 3 kind: scores every --model on the input (--data/--layout/--split, default the test split, or --images) and writes a " +
            "grid to --out: one row per image (the first --count), one column per model; each cell the image with the CAM heat map " +
            "(ground-truth class when labelled), ground-truth boxes red and the predicted box green at the --tau rule, captioned with IoU and τ.")
        {
            models, output, count, size, tau, gpu,
        };
        input.AddTo(command);
        command.SetAction(parse => CliOptions.Run("visualize overlays", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            int n = parse.GetValue(count), cell = parse.GetValue(size);
            if (n < 1 || n > 200) throw new ArgumentException($"--count must be in [1, 200]; got {n}.");
            if (cell < 32 || cell > 1024) throw new ArgumentException($"--size must be in [32, 1024]; got {cell}.");
            var choice = TauChoice.Parse(parse.GetValue(tau)!);
            var data = input.Load(parse);
            data = data with { Rows = data.Rows.Take(n).ToList() };
            var ml = GpuOption.Context(1, parse.GetValue(gpu));
            var loaded = new List<LoadedModel>();
            try
            {
                foreach (var spec in parse.GetValue(models)!) loaded.Add(LoadedModel.Load(ml, spec));
                using var stop = new CtrlC(Console.Error.WriteLine);
                var evaluated = ProgressDisplay.Run(display => loaded.Select(m => ModelEvaluation.Evaluate(ml, m, data, n, display, stop.Token)).ToList());
                string path = parse.GetValue(output)!;
                OverlayFigure.Compose(evaluated, n, choice, cell).SavePng(path);
                Console.Out.WriteLine($"Overlays of {data.Rows.Count} images × {loaded.Count} models written to {Path.GetFullPath(path)}.");
                return 0;
            }
            finally
            {
                foreach (var m in loaded) m.Dispose();
            }
        }));
        return command;
    }

    private static Command TauCurves()
    {
        var inputs = new Option<string[]>("--input")
        {
            Description = "Evaluation JSON with τ curves: written by 'rfga report --json', or the results.json of 'rfga demo' (repeatable; every method in each file is drawn).",
        };
        var models = ModelOption(required: false);
        var input = new InputOptions("test", classFolders: false);
        var output = CliOptions.Required("--out", "PNG file to write (atomically).");
        var deltas = new Option<double[]>("--delta")
        {
            Description = "IoU threshold(s) δ whose curves are drawn (repeatable; default 0.5, the PAPER.md Fig. 4 decision). One dash pattern per δ.",
            DefaultValueFactory = _ => [0.5],
        };
        var mean = CliOptions.Make("--mean-delta", "Draw one curve per method: the mean of its curves over all δ (instead of --delta).", false);
        var title = CliOptions.Make("--title", "Title above the plot.", "BoxAcc vs τ");
        var width = CliOptions.Make("--width", "Image width in pixels [320, 4000].", 960);
        var height = CliOptions.Make("--height", "Image height in pixels [240, 4000].", 540);
        var gpu = GpuOption.Create();
        var command = new Command("tau-curves",
            "Fig. 4 kind: BoxAcc (%) against τ ∈ [0, 0.99], one colour per method, each curve's optimal τ marked with a dot and in the legend. " +
            "Curves come from --input files, or are computed by scoring each --model on --data/--layout/--split (default the test split; " +
            "needs ground-truth boxes). Writes --out.")
        {
            inputs, models, output, deltas, mean, title, width, height, gpu,
        };
        input.AddTo(command);
        command.SetAction(parse => CliOptions.Run("visualize tau-curves", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            int w = parse.GetValue(width), h = parse.GetValue(height);
            if (w < 320 || w > 4000) throw new ArgumentException($"--width must be in [320, 4000]; got {w}.");
            if (h < 240 || h > 4000) throw new ArgumentException($"--height must be in [240, 4000]; got {h}.");
            var files = parse.GetValue(inputs) ?? [];
            var specs = parse.GetValue(models) ?? [];
            if (files.Length == 0 && specs.Length == 0) throw new ArgumentException("give --input FILE (evaluation JSON) or --model ZIP with --data.");
            var methods = new List<MethodCurves>();
            foreach (var f in files) methods.AddRange(EvaluationJson.Read(f));
            if (specs.Length > 0)
            {
                var data = input.Load(parse);
                var ml = GpuOption.Context(1, parse.GetValue(gpu));
                foreach (var spec in specs)
                {
                    using var model = LoadedModel.Load(ml, spec);
                    using var stop = new CtrlC(Console.Error.WriteLine);
                    var evaluated = ProgressDisplay.Run(display => ModelEvaluation.Evaluate(ml, model, data, 0, display, stop.Token));
                    if (evaluated.Metrics is null) throw new InvalidDataException($"{data.Description}: no image has a ground-truth box, so there are no τ curves.");
                    methods.Add(TauCurveFigure.FromResult(model.Name, evaluated.Metrics));
                }
            }
            var list = parse.GetValue(deltas)!;
            var curves = TauCurveFigure.Curves(methods, list, parse.GetValue(mean));
            var options = new TauCurvePlotOptions { Title = parse.GetValue(title)!, Width = w, Height = h, LegendWidth = Math.Min(300, w / 2) };
            string path = parse.GetValue(output)!;
            TauCurvePlot.Save(path, curves, options);
            foreach (var c in curves)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Label}: max {c.MaxBoxAccuracy:0.00}% at τ {c.OptimalTau:0.00}"));
            Console.Out.WriteLine($"τ curves written to {Path.GetFullPath(path)}.");
            return 0;
        }));
        return command;
    }

    private static Command Attention()
    {
        var model = CliOptions.Required("--model", "Model zip written by 'rfga train' (its network's attention is drawn).");
        var image = CliOptions.Make<string?>("--image", "The image to draw (default: the --index-th image of --data/--images).", null);
        var index = CliOptions.Make("--index", "With --data or --images: which image (0-based).", 0);
        var input = new InputOptions("test", classFolders: false);
        var output = CliOptions.Required("--out", "PNG file to write (atomically).");
        var channel = CliOptions.Make<int?>("--channel", "Channel of the 'M CH' panel (default: the channel with the largest w·mean(X̂) for the predicted class).", null);
        var size = CliOptions.Make("--size", "Panel side in pixels [32, 1024].", AttentionPanels.DefaultPanelSize);
        var gpu = GpuOption.Create();
        var command = new Command("attention",
            "Fig. 5 kind for one image: runs --model's network on it and writes --out with labelled panels: the image with CAM, predicted " +
            "box (green, at the model's τ) and ground truth (red); z_c as a strip and bars over channels; z_h and z_w (channel mean, repeated " +
            "along the other axis); M (channel mean and one channel); X; A(X) = X⊙M; X̂; and D = N(N(mean X̂) − N(mean X)). Each map is " +
            "min-max normalised, its raw range in the caption. Without an attention module only X, X̂ and D are drawn.")
        {
            model, image, index, output, channel, size, gpu,
        };
        input.AddTo(command);
        command.SetAction(parse => CliOptions.Run("visualize attention", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            int panel = parse.GetValue(size);
            if (panel < 32 || panel > 1024) throw new ArgumentException($"--size must be in [32, 1024]; got {panel}.");
            ImageListRow row;
            if (parse.GetValue(image) is { } path)
            {
                if (!File.Exists(path)) throw new FileNotFoundException($"Image file not found: '{path}'.", path);
                row = new ImageListRow { ImagePath = Path.GetFullPath(path) };
            }
            else
            {
                var data = input.Load(parse);
                int i = parse.GetValue(index);
                if (i < 0 || i >= data.Rows.Count) throw new ArgumentException($"--index must be in [0, {data.Rows.Count}) for {data.Description}; got {i}.");
                row = data.Rows[i];
            }
            var ml = GpuOption.Context(1, parse.GetValue(gpu));
            using var loaded = LoadedModel.Load(ml, parse.GetValue(model)!);
            using var stop = new CtrlC(Console.Error.WriteLine);
            var (figure, summary) = ProgressDisplay.Run(display => AttentionFigure.Compose(ml, loaded, row, parse.GetValue(channel), panel, display, stop.Token));
            string outPath = parse.GetValue(output)!;
            figure.SavePng(outPath);
            Console.Out.WriteLine(summary);
            Console.Out.WriteLine($"Attention figure written to {Path.GetFullPath(outPath)}.");
            return 0;
        }));
        return command;
    }
}
