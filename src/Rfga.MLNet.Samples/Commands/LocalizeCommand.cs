using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Rfga.MLNet.Samples.IO;

namespace Rfga.MLNet.Samples.Commands;

/// <summary><c>rfga localize</c>: loads a model zip and writes each image's class, score and box.</summary>
internal static class LocalizeCommand
{
    private static readonly string[] SummaryColumns = ["PredictedLabel", "Score", "BoundingBox", "BoundingBoxTau"];

    public static Command Create()
    {
        var model = CliOptions.Required("--model", "Model zip written by 'rfga train' (or any ML.NET model zip of an Rfga.MLNet chain).");
        var data = CliOptions.Required("--data", "Image list CSV with a header: ImagePath (required), ClassName, X0,Y0,X1,Y1 (optional).");
        var folder = CliOptions.Make<string?>("--image-folder", "Folder relative ImagePath values are resolved against (default: the CSV's folder).", null);
        var output = CliOptions.Required("--out", "Output JSON-lines file: one object per image (ImagePath, PredictedLabel, Score, BoundingBox, BoundingBoxTau).");
        var all = CliOptions.Make("--all-columns", "Also write every other column the model adds (ClassMaps, Cam, ...), numbers in shortest round-trip form.", false);
        var command = new Command("localize", "Reads --data, runs the model of --model on every image (batched) and writes --out. Overwrites --out atomically.")
        {
            model, data, folder, output, all,
        };
        command.SetAction(parse => CliOptions.Run("localize", () =>
            Run(parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(folder), parse.GetValue(output)!, parse.GetValue(all))));
        return command;
    }

    private static int Run(string modelPath, string dataPath, string? imageFolder, string outPath, bool allColumns)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"Model not found: '{modelPath}'.", modelPath);
        var rows = TrainCommand.Load(dataPath, imageFolder);

        var ml = new MLContext();
        var input = ml.Data.LoadFromEnumerable(rows);
        ITransformer transformer;
        try
        {
            transformer = ml.Model.Load(modelPath, out _);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{modelPath}' is not a loadable model zip ({e.Message}).", e);
        }
        try
        {
            var scored = transformer.Transform(input);
            var columns = new List<string> { nameof(ImageListRow.ImagePath) };
            columns.AddRange(allColumns
                ? scored.Schema.Where(c => !c.IsHidden && input.Schema.GetColumnOrNull(c.Name) is null).Select(c => c.Name)
                : SummaryColumns.Where(c => scored.Schema.GetColumnOrNull(c) is not null));
            long n = DataViewJsonLines.Write(scored, columns, outPath);
            Console.Out.WriteLine($"Wrote {n} rows ({string.Join(", ", columns)}) to {Path.GetFullPath(outPath)}.");
            return 0;
        }
        finally
        {
            Demo.DemoRunner.DisposeAll(transformer);
        }
    }
}
