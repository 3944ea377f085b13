using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Samples.Demo;
using Rfga.MLNet.Samples.Figures;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;
using Rfga.MLNet.Weights;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// <c>rfga localize</c>: loads a model zip (or, with <c>--backbone</c>, builds the zero-training activation-map chain) and writes
/// each image's class, score and box, and optionally overlays.
/// </summary>
internal static class LocalizeCommand
{
    private static readonly string[] SummaryColumns = ["PredictedLabel", "Score", "BoundingBox", "BoundingBoxTau"];

    /// <summary>--backbone values: the offline ImageNet ResNet-18, or torchvision layouts that need --weights.</summary>
    private static readonly string[] Backbones = ["resnet18-imagenet", "resnet18", "resnet50"];

    /// <summary>--map values.</summary>
    private static readonly string[] Maps = ["mean-activation"];

    public static Command Create()
    {
        var model = CliOptions.Make<string?>("--model", "Model zip written by 'rfga train' (or any ML.NET model zip of an Rfga.MLNet chain). Give it or --backbone.", null);
        var backbone = CliOptions.Make<string?>("--backbone",
            "Zero-training localization instead of --model: a pretrained backbone's class-agnostic activation map. resnet18-imagenet: the " +
            "ImageNet ResNet-18 shipped by the NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 (copied next to rfga at build time); " +
            "resnet18 or resnet50: a torchvision checkpoint given by --weights.", null);
        backbone.AcceptOnlyFromAmong(Backbones);
        var map = CliOptions.Make<string?>("--map", "With --backbone: the map, mean-activation (the mean of the last feature map's channels; the default).", null);
        map.AcceptOnlyFromAmong(Maps);
        var weights = CliOptions.Make<string?>("--weights",
            "With --backbone resnet18|resnet50: the torchvision checkpoint (.pth zip format, .safetensors or TorchSharp .dat). With resnet18-imagenet: " +
            "ResNet18.onnx or its folder, when not next to rfga.", null);
        var tau = CliOptions.Make<double?>("--tau", "With --backbone: box threshold τ in [0, 1) (default 0.5).", null);
        var testSize = CliOptions.Make<int?>("--test-size", "With --backbone: images are resized to this square side, pixels (default 224, a multiple of 32).", null);
        var input = new InputOptions("test", classFolders: false);
        var output = CliOptions.Required("--out",
            "Results file. Ending in .csv: one row per image, ImagePath,PredictedLabel,Score,X0,Y0,X1,Y1,Tau. Otherwise JSON lines: one " +
            "object per image (ImagePath, PredictedLabel, Score, BoundingBox, BoundingBoxTau). Boxes are inclusive source-image pixels.");
        var all = CliOptions.Make("--all-columns", "JSON lines only: also write every other column the model adds (ClassMaps, Cam, ...), numbers in shortest round-trip form.", false);
        var overlays = CliOptions.Make<string?>("--overlays",
            "Folder for one PNG per image (nnnnn-<image>.png): the CAM heat map, the input's ground-truth boxes in red (when it has any) and the predicted box in green.", null);
        var overlaySize = CliOptions.Make("--overlay-size", "Largest side of an overlay, pixels [32, 4096]: small images are enlarged by a whole factor, large ones reduced.", 256);
        var heatAlpha = CliOptions.Make("--heat-alpha", "Opacity of the CAM heat map in overlays, [0, 1].", 0.5f);
        var gpu = GpuOption.Create();
        var command = new Command("localize",
            "Reads the images of --data (image list CSV, or a data-set folder with --layout and --split, default test) or --images (a folder), " +
            "runs the model of --model on them (batched), or with --backbone a pretrained backbone's activation map without training, and " +
            "writes --out (CSV or JSON lines, atomically) and, with --overlays, one overlay PNG per image.")
        {
            model, backbone, map, weights, tau, testSize, output, all, overlays, overlaySize, heatAlpha, gpu,
        };
        input.AddTo(command);
        command.SetAction(parse => CliOptions.Run("localize", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            int size = parse.GetValue(overlaySize);
            float alpha = parse.GetValue(heatAlpha);
            if (size < 32 || size > 4096) throw new ArgumentException($"--overlay-size must be in [32, 4096]; got {size}.");
            if (!(alpha >= 0 && alpha <= 1)) throw new ArgumentException($"--heat-alpha must be in [0, 1]; got {alpha}.");
            string? modelPath = parse.GetValue(model), backboneName = parse.GetValue(backbone);
            if (modelPath is not null && backboneName is not null) throw new ArgumentException("give either --model or --backbone, not both.");
            if (modelPath is null && backboneName is null)
                throw new ArgumentException("give --model (a model zip written by 'rfga train') or --backbone (zero-training localization, e.g. resnet18-imagenet).");
            if (modelPath is not null)
            {
                foreach (var (option, given) in new (string, bool)[] { ("--map", parse.GetValue(map) is not null), ("--weights", parse.GetValue(weights) is not null),
                             ("--tau", parse.GetValue(tau) is not null), ("--test-size", parse.GetValue(testSize) is not null) })
                    if (given) throw new ArgumentException($"{option} goes with --backbone, not --model.");
                if (!File.Exists(modelPath)) throw new FileNotFoundException($"Model not found: '{modelPath}'.", modelPath);
            }
            var zeroTraining = backboneName is null ? null
                : ZeroTrainingOptions(backboneName, parse.GetValue(weights), parse.GetValue(testSize) ?? 224);
            double boxTau = parse.GetValue(tau) ?? 0.5;
            if (!(boxTau >= 0 && boxTau < 1)) throw new ArgumentException($"--tau must be in [0, 1); got {boxTau}.");
            var data = input.Load(parse);
            var ml = GpuOption.Context(null, parse.GetValue(gpu));
            var rows = ml.Data.LoadFromEnumerable(data.Rows);
            if (zeroTraining is null)
            {
                using var loaded = LoadedModel.Load(ml, modelPath!);
                return Run(loaded.Transformer, rows, data, parse.GetValue(output)!, parse.GetValue(all), parse.GetValue(overlays), size, alpha);
            }
            var chain = ml.Transforms.ActivationMaps(zeroTraining)
                .Append(ml.Transforms.ExtractCam())
                .Append(ml.Transforms.DeriveBoxes(new BoxDeriverOptions { Tau = boxTau }))
                .Fit(rows);
            try
            {
                return Run(chain, rows, data, parse.GetValue(output)!, parse.GetValue(all), parse.GetValue(overlays), size, alpha);
            }
            finally
            {
                DemoRunner.DisposeAll(chain);
            }
        }));
        return command;
    }

    /// <summary>The activation-map options of <c>--backbone NAME [--weights FILE]</c>; errors name the option.</summary>
    private static ActivationMapOptions ZeroTrainingOptions(string backbone, string? weights, int testSize)
    {
        if (testSize < 32) throw new ArgumentException($"--test-size must be ≥ 32; got {testSize}.");
        if (backbone != "resnet18-imagenet" && weights is null)
            throw new ArgumentException($"--backbone {backbone} needs --weights FILE (a torchvision checkpoint); resnet18-imagenet needs none.");
        return new ActivationMapOptions
        {
            Backbone = backbone switch
            {
                "resnet18-imagenet" => BackboneKind.ResNet18Cntk,
                "resnet18" => BackboneKind.ResNet18,
                _ => BackboneKind.ResNet50,
            },
            Pretrained = backbone == "resnet18-imagenet"
                ? weights is null ? PretrainedWeights.ImageNetResNet18 : PretrainedWeights.ImageNetResNet18At(weights)
                : PretrainedWeights.FromFile(weights!),
            Map = ActivationMapKind.MeanActivation,
            TestSize = testSize,
        };
    }

    private static int Run(ITransformer model, IDataView input, InputSet data, string outPath, bool allColumns, string? overlayFolder, int overlaySize, float heatAlpha)
    {
        bool csv = string.Equals(Path.GetExtension(outPath), ".csv", StringComparison.OrdinalIgnoreCase);
        if (csv && allColumns) throw new ArgumentException("--all-columns needs JSON lines output (an --out that does not end in .csv).");
        var scored = model.Transform(input);
        var columns = new List<string> { nameof(ImageListRow.ImagePath) };
        columns.AddRange(allColumns
            ? scored.Schema.Where(c => !c.IsHidden && input.Schema.GetColumnOrNull(c.Name) is null).Select(c => c.Name)
            : SummaryColumns.Where(c => scored.Schema.GetColumnOrNull(c) is not null));
        using var stop = new CtrlC(Console.Error.WriteLine);
        long n = ProgressDisplay.Run(display =>
        {
            var progress = display.Items("localizing", data.Rows.Count);
            var overlay = overlayFolder is null ? null : LocalizeOverlays.Writer(overlayFolder, overlaySize, heatAlpha);
            Func<Microsoft.ML.DataViewRow, Action> perRow = row =>
            {
                var draw = overlay?.Invoke(row);
                return () =>
                {
                    draw?.Invoke();
                    progress.Advance();
                    stop.Token.ThrowIfCancellationRequested();
                };
            };
            var extra = overlayFolder is null ? [] : LocalizeOverlays.Columns;
            return csv
                ? BoxesCsv.Write(scored, outPath, extra, perRow)
                : DataViewJsonLines.Write(scored, columns, outPath, extra, perRow);
        });
        Console.Out.WriteLine(csv
            ? $"Wrote {n} rows (ImagePath, PredictedLabel, Score, X0..Y1, Tau) to {Path.GetFullPath(outPath)}."
            : $"Wrote {n} rows ({string.Join(", ", columns)}) to {Path.GetFullPath(outPath)}.");
        if (overlayFolder is not null) Console.Out.WriteLine($"Wrote {n} overlays to {Path.GetFullPath(overlayFolder)}.");
        return 0;
    }
}
