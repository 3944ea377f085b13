using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Cli;

/// <summary>
/// A temporary folder with a tiny synthetic WSOL data set (32×32, 2 classes; <c>train.csv</c>, <c>test.csv</c>, <c>train/</c>,
/// <c>test/</c> as <see cref="SyntheticWsolWriter"/> writes them) for command-line tests, and helpers to train on it quickly.
/// </summary>
internal sealed class CliWorkspace : IDisposable
{
    /// <summary>Training options that make a few-second run: 32-pixel images, one epoch, batch 8.</summary>
    public static readonly string[] QuickTraining = ["--resize", "36", "--crop", "32", "--test-size", "32", "--epochs", "1", "--batch-size", "8"];

    public CliWorkspace(int trainCount = 32, int testCount = 8)
    {
        Root = Directory.CreateTempSubdirectory("rfga-cli-").FullName;
        Dataset = SyntheticWsolGenerator.Generate(new SyntheticWsolOptions
        {
            ImageSize = 32, ClassCount = 2, TrainCount = trainCount, TestCount = testCount, Seed = 11, PartMinSize = 3, ObjectScaleMin = 0.4,
        });
        SyntheticWsolWriter.Write(Dataset, Root);
    }

    public string Root { get; }

    public SyntheticWsolDataset Dataset { get; }

    public string TrainCsv => PathOf("train.csv");

    public string TestCsv => PathOf("test.csv");

    public string TestFolder => PathOf("test");

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Runs rfga and asserts exit code 0; returns standard output.</summary>
    public static string Succeed(params string[] args)
    {
        var (code, stdout, stderr) = RfgaCli.Run(args);
        Assert.AreEqual(0, code, $"rfga {string.Join(' ', args)}\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Trains a model on train.csv with <see cref="QuickTraining"/>; returns standard output.</summary>
    public string Train(string modelPath, params string[] extra) =>
        Succeed(["train", "--data", TrainCsv, "--out", modelPath, .. QuickTraining, .. extra]);

    /// <summary>Writes the training split in the CUB-200-2011 publisher layout under <c>cub/CUB_200_2011</c>; returns <c>cub</c>.</summary>
    public string WriteCubLayout()
    {
        string root = PathOf(Path.Combine("cub", "CUB_200_2011"));
        var images = new System.Collections.Generic.List<string>();
        var labels = new System.Collections.Generic.List<string>();
        var split = new System.Collections.Generic.List<string>();
        var boxes = new System.Collections.Generic.List<string>();
        int id = 1;
        foreach (var (samples, isTrain, folder) in new[] { (Dataset.Train, "1", "train"), (Dataset.Test, "0", "test") })
            for (int i = 0; i < samples.Count; i++, id++)
            {
                var s = samples[i];
                string relative = $"{s.Label + 1:D3}.{Dataset.ClassNames[s.Label]}/{folder}_{i:D6}.png";
                string target = Path.Combine(root, "images", relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(PathOf(Path.Combine(folder, $"{i:D6}.png")), target);
                images.Add($"{id} {relative}");
                labels.Add($"{id} {s.Label + 1}");
                split.Add($"{id} {isTrain}");
                var b = s.Boxes[0];
                boxes.Add(string.Create(CultureInfo.InvariantCulture, $"{id} {b.X0}.0 {b.Y0}.0 {b.X1 - b.X0}.0 {b.Y1 - b.Y0}.0"));
            }
        File.WriteAllLines(Path.Combine(root, "images.txt"), images);
        File.WriteAllLines(Path.Combine(root, "image_class_labels.txt"), labels);
        File.WriteAllLines(Path.Combine(root, "train_test_split.txt"), split);
        File.WriteAllLines(Path.Combine(root, "bounding_boxes.txt"), boxes);
        File.WriteAllLines(Path.Combine(root, "classes.txt"), Dataset.ClassNames.Select((n, k) => $"{k + 1} {n}"));
        return PathOf("cub");
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
