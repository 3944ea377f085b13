using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Rfga.MLNet.Data;
using Rfga.MLNet.Samples.IO;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>The training and test images of an experiment, in one class order.</summary>
/// <param name="Train">Training images (labels; boxes unused).</param>
/// <param name="Test">Test images with ground-truth boxes.</param>
/// <param name="ClassNames">Class names in key order.</param>
/// <param name="Description">What was read, without its folder (so a moved output folder still matches its run.json), e.g.
/// "CUB-200-2011 (5,994 train / 5,794 test images)".</param>
internal sealed record ExperimentData(InputSet Train, InputSet Test, IReadOnlyList<string> ClassNames, string Description)
{
    /// <summary>Accepted --dataset values.</summary>
    public static readonly string[] Datasets = ["synthetic", "cub", "aircraft", "dogs"];

    /// <summary>
    /// Reads <paramref name="dataset"/> from <paramref name="folder"/>. Synthetic data is read from train.csv/test.csv in the
    /// folder, or generated there first (<paramref name="scale"/>'s image size, 4 classes, 1,200/400 images by default).
    /// <paramref name="trainImages"/>/<paramref name="testImages"/> keep that many images spread evenly over each list.
    /// </summary>
    public static ExperimentData Load(string dataset, string folder, ExperimentScale scale, int? trainImages, int? testImages, int seed, Action<string> log)
    {
        if (dataset == "synthetic")
        {
            string trainCsv = Path.Combine(folder, "train.csv"), testCsv = Path.Combine(folder, "test.csv");
            if (!File.Exists(trainCsv) || !File.Exists(testCsv))
            {
                var options = scale.Synthetic(trainImages, testImages, seed);
                log($"Generating the synthetic WSOL data set in {Path.GetFullPath(folder)}: {options.ClassCount} classes, {options.TrainCount} train / " +
                    $"{options.TestCount} test images of {options.ImageSize}×{options.ImageSize} px, seed {seed}.");
                SyntheticWsolWriter.Write(SyntheticWsolGenerator.Generate(options), folder);
            }
            var train = InputOptions.ReadCsv(trainCsv, null);
            var test = InputOptions.ReadCsv(testCsv, null);
            var names = InputOptions.ClassNamesOf(train.Concat(test));
            return Build(new InputSet(train, names, "synthetic train", []), new InputSet(test, names, "synthetic test", []), names,
                "synthetic WSOL set", trainImages, testImages);
        }
        string layout = dataset switch
        {
            "cub" or "aircraft" or "dogs" => dataset,
            _ => throw new ArgumentException($"--dataset must be one of {string.Join(", ", Datasets)}; got '{dataset}'."),
        };
        var trainSet = InputOptions.Load(layout, folder, null, "train");
        var testSet = InputOptions.Load(layout, folder, null, "test");
        foreach (var w in trainSet.Warnings.Concat(testSet.Warnings).Distinct()) log("warning: " + w);
        var classNames = trainSet.ClassNames ?? InputOptions.ClassNamesOf(trainSet.Rows);
        return Build(trainSet, testSet, classNames, trainSet.Description.Replace(" train split", "", StringComparison.Ordinal), trainImages, testImages);
    }

    private static ExperimentData Build(InputSet train, InputSet test, IReadOnlyList<string> names, string description, int? trainImages, int? testImages)
    {
        train = train with { Rows = Spread(train.Rows, trainImages, "--train-images") };
        test = test with { Rows = Spread(test.Rows, testImages, "--test-images") };
        if (test.Rows.All(r => r.Boxes.Length == 0)) throw new InvalidDataException($"{description}: the test images have no ground-truth boxes.");
        return new ExperimentData(train, test, names, $"{description} ({train.Rows.Count:N0} train / {test.Rows.Count:N0} test images)");
    }

    /// <summary>At most <paramref name="count"/> rows at evenly spread positions ⌊i·n/count⌋ (all when null or ≥ n).</summary>
    internal static List<ImageListRow> Spread(List<ImageListRow> rows, int? count, string option)
    {
        if (count is not int n || n >= rows.Count) return rows;
        if (n < 2) throw new ArgumentException($"{option} must be ≥ 2; got {n}.");
        return Enumerable.Range(0, n).Select(i => rows[(int)((long)i * rows.Count / n)]).ToList();
    }
}
