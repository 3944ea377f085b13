using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;

namespace Rfga.MLNet.Samples.Commands;

/// <summary><c>rfga train</c>: trains the WSOL chain on an image list, a data-set layout or class folders and writes the ML.NET model zip.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var d = new TrainingSettings();
        var input = new InputOptions("train", classFolders: true);
        var methods = new MethodCliOptions();
        var output = CliOptions.Required("--out", "Model zip to write (atomically; an existing file is replaced).");
        var attention = CliOptions.Make("--attention", "None (plain CAM), RfgaResidual (RFGA w/ R, the paper's), RfgaNonResidual, Se, Cbam or Eca.", AttentionKind.RfgaResidual);
        var backbone = CliOptions.Make("--backbone", "Feature extractor.", BackboneKind.Tiny);
        var pretrained = CliOptions.Make<string?>("--pretrained",
            "Starting weights of the backbone: resnet18-imagenet (the ImageNet ResNet-18 shipped on NuGet; with --backbone ResNet18Cntk) or a " +
            "torchvision checkpoint file (.pth zip format, .safetensors, .dat; e.g. resnet50-0676ba61.pth with --backbone ResNet50). Default: none.", null);
        var epochs = CliOptions.Make("--epochs", "Training epochs.", d.Epochs);
        var batch = CliOptions.Make("--batch-size", "Images per SGD step (≥ 2).", d.BatchSize);
        var lr = CliOptions.Make("--lr", "Initial learning rate.", d.LearningRate);
        var lrStep = CliOptions.Make("--lr-step", "Multiply the learning rate by 0.1 every this many epochs.", d.LearningRateStepEpochs);
        var resize = CliOptions.Make("--resize", "Training images are resized to this square side before the random crop.", d.ResizeSize);
        var crop = CliOptions.Make("--crop", "Random crop side for training.", d.CropSize);
        var testSize = CliOptions.Make("--test-size", "Test-time resize side.", d.TestSize);
        var seed = CliOptions.Make("--seed", "MLContext seed: initialisation, shuffling, augmentation.", 1);
        var tau = CliOptions.Make<double?>("--tau", "Box threshold τ in [0,1); default: calibrated on the training rows with boxes, else 0.5.", null);
        var checkpoint = CliOptions.Make<string?>("--checkpoint",
            "Checkpoint folder, written at the end of every epoch and on Ctrl+C; a checkpoint of this configuration found there is resumed. " +
            "Default: <out>.checkpoint, deleted once the model is written (a folder you name is kept).", null);
        var every = CliOptions.Make("--checkpoint-every", "Steps between checkpoints (0: end of each epoch and on Ctrl+C only).", 0);
        var validation = CliOptions.Make<string?>("--validation", "Validation image list CSV evaluated after every epoch (top-1, loss).", null);
        var gpu = GpuOption.Create();
        var logEvery = CliOptions.Make("--log-every", "When output is not a terminal: a progress line every this many steps besides the epoch lines (0: epoch lines only).", PlainProgressDisplay.DefaultLogEverySteps);
        var command = new Command("train",
            "Trains the WSOL network (backbone → attention → class-map head) on the training images — an image list CSV (--data), a data " +
            "set in its publisher's layout (--layout cub|aircraft|dogs|wsol-metadata --data DIR, --split train by default) or class " +
            "subfolders (--images DIR) — with the paper's recipe by default, and writes the whole ML.NET chain (MapValueToKey → RfgaTrainer → " +
            "CamExtractor → BoxDeriver) to --out. Shows live progress on a terminal (epoch, step, loss, lr, images/s, ETA), plain lines " +
            "otherwise. Ctrl+C stops after the current step and keeps a checkpoint; the same command resumes from it.")
        {
            output, attention, backbone, pretrained, epochs, batch, lr, lrStep, resize, crop, testSize, seed, tau, checkpoint, every, validation, logEvery, gpu,
        };
        input.AddTo(command);
        methods.AddTo(command);
        command.SetAction(parse => CliOptions.Run("train", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            var settings = new TrainingSettings
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                LearningRateStepEpochs = parse.GetValue(lrStep), ResizeSize = parse.GetValue(resize), CropSize = parse.GetValue(crop),
                TestSize = parse.GetValue(testSize),
            };
            settings.Validate();
            int log = parse.GetValue(logEvery);
            if (log < 0) throw new ArgumentException($"--log-every must be ≥ 0; got {log}.");
            var weights = parse.GetValue(pretrained) switch
            {
                null or "none" => PretrainedWeights.None,
                "resnet18-imagenet" => PretrainedWeights.ImageNetResNet18,
                var file => PretrainedWeights.FromFile(file),
            };
            weights.Validate(parse.GetValue(backbone));
            var method = new RfgaTrainerOptions();
            methods.Apply(parse, method);
            return Run(input.Load(parse), parse.GetValue(output)!, parse.GetValue(attention), parse.GetValue(backbone), weights, settings,
                GpuOption.Context(parse.GetValue(seed), parse.GetValue(gpu)), parse.GetValue(tau), parse.GetValue(checkpoint), parse.GetValue(every), parse.GetValue(validation), log, method);
        }));
        return command;
    }

    private static int Run(InputSet data, string outPath, AttentionKind attention, BackboneKind backbone, PretrainedWeights pretrained, TrainingSettings settings,
        MLContext ml, double? tau, string? checkpoint, int checkpointEvery, string? validationPath, int logEvery, RfgaTrainerOptions method)
    {
        var rows = data.Rows;
        var unlabelled = rows.FirstOrDefault(r => r.ClassName.Length == 0);
        if (unlabelled is not null) throw new InvalidDataException($"{data.Description}: every training image needs a class; '{unlabelled.ImagePath}' has none.");
        bool hasBoxes = rows.Any(r => r.Boxes.Length > 0);
        bool defaultCheckpoint = checkpoint is null;
        string checkpointFolder = checkpoint ?? Path.GetFullPath(outPath) + ".checkpoint";
        var classNames = data.ClassNames ?? InputOptions.ClassNamesOf(rows);
        var keyData = ml.Data.LoadFromEnumerable(classNames.Select(c => new ClassNameRow { ClassName = c }));
        var keyed = ml.Transforms.Conversion.MapValueToKey("Label", nameof(ImageListRow.ClassName), keyData: keyData);
        var input = ml.Data.LoadFromEnumerable(rows);
        IDataView? validationData = validationPath is null ? null
            : keyed.Fit(input).Transform(ml.Data.LoadFromEnumerable(InputOptions.ReadCsv(validationPath, null)));

        using var stop = new CtrlC(Console.Error.WriteLine);
        ITransformer model;
        try
        {
            model = ProgressDisplay.Run(display =>
            {
                ml.Log += (_, e) =>
                {
                    // Epoch lines come from the progress display; keep the trainer's other messages (set-up, warnings, τ calibration).
                    bool ours = e.Source.StartsWith("RfgaTrainer", StringComparison.Ordinal) || e.Source.StartsWith("BoxDeriver", StringComparison.Ordinal)
                                || e.Source.StartsWith("Training WSOL", StringComparison.Ordinal);
                    if (e.Kind >= Microsoft.ML.Runtime.ChannelMessageKind.Info && ours && !e.RawMessage.StartsWith("epoch ", StringComparison.Ordinal))
                        display.Line(e.RawMessage);
                };
                foreach (var w in data.Warnings) display.Line("warning: " + w);
                display.Line($"Training {attention}{(method.Method == WsolMethod.Cam ? "" : $" with {method.Method}")} on {backbone}: {rows.Count} images of {classNames.Count} classes ({data.Description}), " +
                             $"{settings.Epochs} epochs, batch {settings.BatchSize}; checkpoints in {checkpointFolder}.");
                var options = new RfgaLocalizeOptions
                {
                    LabelColumnName = "Label",
                    ImageColumnName = nameof(ImageListRow.ImagePath),
                    Attention = attention,
                    Backbone = backbone,
                    Pretrained = pretrained,
                    Method = method.Method,
                    HaS = method.HaS,
                    Adl = method.Adl,
                    Acol = method.Acol,
                    CutMix = method.CutMix,
                    Training = settings,
                    Tau = tau ?? (hasBoxes ? null : 0.5),
                    CheckpointFolder = checkpointFolder,
                    CheckpointEverySteps = checkpointEvery,
                    Cancellation = stop.Token,
                    ValidationData = validationData,
                    Progress = display.Training($"train {attention}"),
                };
                return keyed.Append(ml.Transforms.RfgaLocalize(options)).Fit(input);
            }, logEvery);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"rfga train: stopped by Ctrl+C; the checkpoint in '{checkpointFolder}' is kept: run the same command again to resume.");
            return 130;
        }
        try
        {
            string tmp = outPath + ".tmp";
            ml.Model.Save(model, input.Schema, tmp);
            File.Move(tmp, outPath, overwrite: true);
            Console.Out.WriteLine($"Model written to {Path.GetFullPath(outPath)}.");
        }
        finally
        {
            Demo.DemoRunner.DisposeAll(model);
        }
        if (defaultCheckpoint && Directory.Exists(checkpointFolder)) Directory.Delete(checkpointFolder, recursive: true);
        return 0;
    }

    /// <summary>Reads an image list CSV with absolute paths (relative ones resolved against <paramref name="imageFolder"/> or the CSV's folder).</summary>
    internal static System.Collections.Generic.List<ImageListRow> Load(string path, string? imageFolder) => InputOptions.ReadCsv(path, imageFolder);

    /// <summary>The one-column key data of MapValueToKey: class names in the data set's class order (key = index + 1).</summary>
    private sealed class ClassNameRow
    {
        public string ClassName { get; set; } = "";
    }
}
