using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Samples.Commands;

/// <summary><c>rfga train</c>: trains the WSOL chain on an image list and writes the ML.NET model zip.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var d = new TrainingSettings();
        var data = CliOptions.Required("--data", "Training image list CSV: ImagePath, ClassName (required here), X0,Y0,X1,Y1 (optional, used only to calibrate τ).");
        var folder = CliOptions.Make<string?>("--image-folder", "Folder relative ImagePath values are resolved against (default: the CSV's folder).", null);
        var output = CliOptions.Required("--out", "Model zip to write (atomically; an existing file is replaced).");
        var attention = CliOptions.Make("--attention", "None (plain CAM), RfgaResidual (RFGA w/ R, the paper's) or RfgaNonResidual.", AttentionKind.RfgaResidual);
        var backbone = CliOptions.Make("--backbone", "Feature extractor.", BackboneKind.Tiny);
        var epochs = CliOptions.Make("--epochs", "Training epochs.", d.Epochs);
        var batch = CliOptions.Make("--batch-size", "Images per SGD step (≥ 2).", d.BatchSize);
        var lr = CliOptions.Make("--lr", "Initial learning rate.", d.LearningRate);
        var lrStep = CliOptions.Make("--lr-step", "Multiply the learning rate by 0.1 every this many epochs.", d.LearningRateStepEpochs);
        var resize = CliOptions.Make("--resize", "Training images are resized to this square side before the random crop.", d.ResizeSize);
        var crop = CliOptions.Make("--crop", "Random crop side for training.", d.CropSize);
        var testSize = CliOptions.Make("--test-size", "Test-time resize side.", d.TestSize);
        var seed = CliOptions.Make("--seed", "MLContext seed: initialisation, shuffling, augmentation.", 1);
        var tau = CliOptions.Make<double?>("--tau", "Box threshold τ in [0,1); default: calibrated on the training rows with boxes, else 0.5.", null);
        var checkpoint = CliOptions.Make<string?>("--checkpoint", "Checkpoint folder: resumes from it when it holds a checkpoint of this configuration.", null);
        var every = CliOptions.Make("--checkpoint-every", "Steps between checkpoints (0: end of each epoch and on Ctrl+C only).", 0);
        var validation = CliOptions.Make<string?>("--validation", "Validation image list CSV evaluated after every epoch (top-1, loss).", null);
        var command = new Command("train",
            "Trains the WSOL network (backbone → attention → class-map head) on --data with the paper's recipe by default and " +
            "writes the whole ML.NET chain (MapValueToKey → RfgaTrainer → CamExtractor → BoxDeriver) to --out. Prints one line per " +
            "epoch; Ctrl+C stops after the current step (keeping a checkpoint when --checkpoint is set).")
        {
            data, folder, output, attention, backbone, epochs, batch, lr, lrStep, resize, crop, testSize, seed, tau, checkpoint, every, validation,
        };
        command.SetAction(parse => CliOptions.Run("train", () =>
        {
            var settings = new TrainingSettings
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                LearningRateStepEpochs = parse.GetValue(lrStep), ResizeSize = parse.GetValue(resize), CropSize = parse.GetValue(crop),
                TestSize = parse.GetValue(testSize),
            };
            return Run(parse.GetValue(data)!, parse.GetValue(folder), parse.GetValue(output)!, parse.GetValue(attention),
                parse.GetValue(backbone), settings, parse.GetValue(seed), parse.GetValue(tau), parse.GetValue(checkpoint),
                parse.GetValue(every), parse.GetValue(validation));
        }));
        return command;
    }

    private static int Run(string dataPath, string? imageFolder, string outPath, AttentionKind attention, BackboneKind backbone,
        TrainingSettings settings, int seed, double? tau, string? checkpoint, int checkpointEvery, string? validationPath)
    {
        var rows = Load(dataPath, imageFolder);
        if (rows.Any(r => r.ClassName.Length == 0))
            throw new InvalidDataException($"{dataPath}: every training row needs a ClassName.");
        bool hasBoxes = rows.Any(r => r.Boxes.Length > 0);
        var ml = new MLContext(seed);
        ml.Log += (_, e) =>
        {
            if (e.Kind >= Microsoft.ML.Runtime.ChannelMessageKind.Info && (e.Source.StartsWith("RfgaTrainer", StringComparison.Ordinal) || e.Source.StartsWith("BoxDeriver", StringComparison.Ordinal))) Console.Out.WriteLine(e.RawMessage);
        };
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            Console.Error.WriteLine("Stopping after the current step…");
        };
        var options = new RfgaLocalizeOptions
        {
            LabelColumnName = "Label",
            ImageColumnName = nameof(ImageListRow.ImagePath),
            Attention = attention,
            Backbone = backbone,
            Training = settings,
            Tau = tau ?? (hasBoxes ? null : 0.5),
            CheckpointFolder = checkpoint,
            CheckpointEverySteps = checkpointEvery,
            Cancellation = cancel.Token,
            ValidationData = validationPath is null ? null : ml.Data.LoadFromEnumerable(Load(validationPath, imageFolder)),
            Progress = new StepPrinter(),
        };
        var input = ml.Data.LoadFromEnumerable(rows);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", nameof(ImageListRow.ClassName));
        if (options.ValidationData is not null)
            options.ValidationData = keyed.Fit(input).Transform(options.ValidationData);
        Console.Out.WriteLine($"Training {attention} on {backbone}: {rows.Count} images, {settings.Epochs} epochs, batch {settings.BatchSize}.");
        var model = keyed.Append(ml.Transforms.RfgaLocalize(options)).Fit(input);
        try
        {
            string tmp = outPath + ".tmp";
            ml.Model.Save(model, input.Schema, tmp);
            File.Move(tmp, outPath, overwrite: true);
            Console.Out.WriteLine($"Model written to {Path.GetFullPath(outPath)}.");
            return 0;
        }
        finally
        {
            Demo.DemoRunner.DisposeAll(model);
        }
    }

    internal static System.Collections.Generic.List<ImageListRow> Load(string path, string? imageFolder)
    {
        var rows = ImageListCsv.Read(path);
        string root = imageFolder ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var r in rows) r.ImagePath = Path.GetFullPath(Path.Combine(root, r.ImagePath));
        return rows;
    }

    /// <summary>One line every 20 steps with loss, lr, throughput and ETA (the epoch lines come from the ML.NET log).</summary>
    private sealed class StepPrinter : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.Step % 20 != 0 || p.EndOfEpoch) return;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch}  loss {p.Loss:0.0000}  lr {p.LearningRate:G3}  {p.ImagesPerSecond:0.0} img/s  ETA {p.Eta:hh\\:mm\\:ss}"));
        }
    }
}
