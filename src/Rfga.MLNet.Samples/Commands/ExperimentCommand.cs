using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Rfga.MLNet.Samples.Experiments;
using Rfga.MLNet.Samples.Progress;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// <c>rfga experiment &lt;table1|table3|FILE.json&gt;</c>: trains and evaluates every row of a table of the paper (or of a
/// user's JSON definition) and writes it in the paper's layout, measured next to the paper's figures.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var definition = new Argument<string>("definition") { Description = "table1, table3 or an experiment definition JSON file (README: Methods and experiments)." };
        var dataset = CliOptions.Make("--dataset", "synthetic, cub, aircraft or dogs.", "synthetic");
        dataset.AcceptOnlyFromAmong(ExperimentData.Datasets);
        var data = CliOptions.Make<string?>("--data", "The data set's folder in its publisher's layout; synthetic: a folder with train.csv and test.csv, " +
                                                       "generated there when missing (default <out>/data).", null);
        var scale = CliOptions.Make("--scale", "reduced (tiny CNN, 64 px, few epochs: fits a 2-core CPU; every output is labelled REDUCED SCALE) " +
                                               "or paper (ResNet-50, 448 px, 60 epochs: PAPER.md §4).", "reduced");
        scale.AcceptOnlyFromAmong(ExperimentScale.Names);
        var output = CliOptions.Make<string?>("--out", "Output folder (default rfga-experiment-<definition>-<dataset>-<scale>). Rerunning the same " +
                                                       "command there skips finished rows and resumes an interrupted one.", null);
        var pretrained = CliOptions.Make<string?>("--pretrained", "Starting weights of the backbone, as for 'rfga train': a torchvision checkpoint " +
                                                                  "(e.g. resnet50-0676ba61.pth for --scale paper, the paper's ImageNet ResNet-50) or none (default).", null);
        var epochs = CliOptions.Make<int?>("--epochs", $"Override the scale's epochs (reduced: {ExperimentScale.ReducedEpochs}; paper: 60).", null);
        var seed = CliOptions.Make("--seed", "MLContext seed of every row (and of generated synthetic data).", 1);
        var trainImages = CliOptions.Make<int?>("--train-images", "Use this many training images, spread evenly over the list (synthetic: generate this many; default 1200).", null);
        var testImages = CliOptions.Make<int?>("--test-images", "Use this many test images, spread evenly (synthetic: generate this many; default 400).", null);
        var paper = CliOptions.Make<string?>("--paper", "Whose paper figures to show: cub, aircraft or dogs (default: --dataset; synthetic: cub).", null);
        paper.AcceptOnlyFromAmong(ExperimentDefinitionReader.PaperDatasets);
        var rows = CliOptions.Make<string?>("--rows", "Run only these rows: names separated by ';' (e.g. \"CAM;RFGA w/ R\").", null);
        var overlays = CliOptions.Make("--overlays", "Test images in the overlay grid (0: none).", 6);
        var gpu = GpuOption.Create();
        var logEvery = CliOptions.Make("--log-every", "When output is not a terminal: a progress line every this many steps (0: epoch lines only).", 0);
        var command = new Command("experiment",
            "Trains and evaluates every row of table1 (Table 1: SENet, CBAM, ECA-Net, CAM, HaS, ACoL, ADL, CutMix, RFGA w/o R, RFGA w/ R), table3 " +
            "(RFGA view ablation) or a JSON definition, then writes table.md and table.csv in the paper's layout (measured / paper in each cell), " +
            "tau-curves.png and overlays.png. Finished rows are kept; an interrupted row resumes from its checkpoint when the command is rerun.")
        {
            definition, dataset, data, scale, output, pretrained, epochs, seed, trainImages, testImages, paper, rows, overlays, logEvery, gpu,
        };
        command.SetAction(parse => CliOptions.Run("experiment", () =>
        {
            GpuOption.Checked(parse.GetValue(gpu));
            var experiment = ExperimentDefinitionReader.Read(parse.GetValue(definition)!);
            string set = parse.GetValue(dataset)!, scaleName = parse.GetValue(scale)!;
            if (parse.GetValue(epochs) is < 1) throw new ArgumentException($"--epochs must be ≥ 1; got {parse.GetValue(epochs)}.");
            if (parse.GetValue(overlays) is < 0 or > 32) throw new ArgumentException($"--overlays must be in [0, 32]; got {parse.GetValue(overlays)}.");
            if (parse.GetValue(logEvery) < 0) throw new ArgumentException($"--log-every must be ≥ 0; got {parse.GetValue(logEvery)}.");
            var recipe = ExperimentScale.Parse(scaleName, parse.GetValue(epochs), parse.GetValue(pretrained));
            string outDir = parse.GetValue(output) ?? $"rfga-experiment-{experiment.Name}-{set}-{scaleName}";
            string? dataDir = parse.GetValue(data);
            if (dataDir is null && set != "synthetic") throw new ArgumentException($"--dataset {set} needs --data (the data set's folder).");
            var settings = new ExperimentSettings(experiment, set, dataDir ?? Path.Combine(outDir, "data"), recipe, outDir, parse.GetValue(seed),
                parse.GetValue(trainImages), parse.GetValue(testImages), parse.GetValue(paper) ?? (set == "synthetic" ? "cub" : set),
                parse.GetValue(rows)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
                parse.GetValue(overlays), "rfga " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Quote)), parse.GetValue(gpu));
            using var stop = new CtrlC(Console.Error.WriteLine);
            try
            {
                return ProgressDisplay.Run(display => new ExperimentRunner(settings, display, stop.Token).Run(), parse.GetValue(logEvery));
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"rfga experiment: stopped by Ctrl+C; finished rows and the current row's checkpoint are kept in '{outDir}': " +
                                        "run the same command again to continue.");
                return 130;
            }
        }));
        return command;
    }

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
