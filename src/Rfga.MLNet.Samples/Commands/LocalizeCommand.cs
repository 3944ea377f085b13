using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Rfga.MLNet.Samples.Figures;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;

namespace Rfga.MLNet.Samples.Commands;

/// <summary><c>rfga localize</c>: loads a model zip and writes each image's class, score and box, and optionally overlays.</summary>
internal static class LocalizeCommand
{
    private static readonly string[] SummaryColumns = ["PredictedLabel", "Score", "BoundingBox", "BoundingBoxTau"];

    public static Command Create()
    {
        var model = CliOptions.Required("--model", "Model zip written by 'rfga train' (or any ML.NET model zip of an Rfga.MLNet chain).");
        var input = new InputOptions("test", classFolders: false);
        var output = CliOptions.Required("--out",
            "Results file. Ending in .csv: one row per image, ImagePath,PredictedLabel,Score,X0,Y0,X1,Y1,Tau. Otherwise JSON lines: one " +
            "object per image (ImagePath, PredictedLabel, Score, BoundingBox, BoundingBoxTau). Boxes are inclusive source-image pixels.");
        var all = CliOptions.Make("--all-columns", "JSON lines only: also write every other column the model adds (ClassMaps, Cam, ...), numbers in shortest round-trip form.", false);
        var overlays = CliOptions.Make<string?>("--overlays",
            "Folder for one PNG per image (nnnnn-<image>.png): the CAM heat map, the input's ground-truth boxes in red (when it has any) and the predicted box in green.", null);
        var overlaySize = CliOptions.Make("--overlay-size", "Largest side of an overlay, pixels [32, 4096]: small images are enlarged by a whole factor, large ones reduced.", 256);
        var heatAlpha = CliOptions.Make("--heat-alpha", "Opacity of the CAM heat map in overlays, [0, 1].", 0.5f);
        var command = new Command("localize",
            "Reads the images of --data (image list CSV, or a data-set folder with --layout and --split, default test) or --images (a folder), " +
            "runs the model of --model on them (batched) and writes --out (CSV or JSON lines, atomically) and, with --overlays, one overlay PNG per image.")
        {
            model, output, all, overlays, overlaySize, heatAlpha,
        };
        input.AddTo(command);
        command.SetAction(parse => CliOptions.Run("localize", () =>
        {
            int size = parse.GetValue(overlaySize);
            float alpha = parse.GetValue(heatAlpha);
            if (size < 32 || size > 4096) throw new ArgumentException($"--overlay-size must be in [32, 4096]; got {size}.");
            if (!(alpha >= 0 && alpha <= 1)) throw new ArgumentException($"--heat-alpha must be in [0, 1]; got {alpha}.");
            string modelPath = parse.GetValue(model)!;
            if (!File.Exists(modelPath)) throw new FileNotFoundException($"Model not found: '{modelPath}'.", modelPath);
            var data = input.Load(parse);
            return Run(modelPath, data, parse.GetValue(output)!, parse.GetValue(all), parse.GetValue(overlays), size, alpha);
        }));
        return command;
    }

    private static int Run(string modelPath, InputSet data, string outPath, bool allColumns, string? overlayFolder, int overlaySize, float heatAlpha)
    {
        var ml = new MLContext();
        var input = ml.Data.LoadFromEnumerable(data.Rows);
        using var model = LoadedModel.Load(ml, modelPath);
        bool csv = string.Equals(Path.GetExtension(outPath), ".csv", StringComparison.OrdinalIgnoreCase);
        if (csv && allColumns) throw new ArgumentException("--all-columns needs JSON lines output (an --out that does not end in .csv).");
        var scored = model.Transformer.Transform(input);
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
