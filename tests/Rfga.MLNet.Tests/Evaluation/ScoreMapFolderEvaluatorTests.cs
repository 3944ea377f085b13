using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary>Metadata + .npy folder end to end: the reference's files in, the accumulator's exact numbers out, errors naming the image.</summary>
[TestClass]
public sealed class ScoreMapFolderEvaluatorTests
{
    [TestMethod]
    public void Evaluate_RandomFolder_IdenticalToAccumulatorOnSameMaps()
    {
        using WsolFolder folder = WsolFolder.Random(40, seed: 5);
        foreach (BoxAccuracyOptions options in new[]
        {
            new BoxAccuracyOptions { KeepPerImageDetail = true, LocalizationTau = 0.435 },
            new BoxAccuracyOptions { ContourMode = ContourMode.Multi, IouThresholds = BoxAccuracyOptions.MaxBoxAccV2IouThresholds, GtResizeMode = GtResizeMode.Fixed },
        })
        {
            BoxAccuracyResult expected = folder.Direct(options, classes: true);

            BoxAccuracyResult actual = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, options, folder.Predictions);

            ResultAssert.Identical(expected, actual, options.ContourMode.ToString());
            Assert.IsNotNull(actual.Localization.Top1Loc);
        }

        BoxAccuracyResult withIds = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, new BoxAccuracyOptions { KeepPerImageDetail = true });
        CollectionAssert.AreEqual(folder.Images.Select(i => i.Id).ToArray(), withIds.Images!.Select(i => i.ImageId).ToArray());
        Assert.IsNull(withIds.Localization.Top1Loc, "no predictions, no Top-1");
    }

    [TestMethod]
    public void Evaluate_HandMadeFolder_ExactMetrics()
    {
        // Three 10×10 maps with one 1.0 block each: the box is the block grown to one past its last pixel at every τ.
        // GT in 20×20 images, halved by the resize. IoU = 1, 1 and 9/25 (< 0.5); image 1's class is mispredicted.
        using var folder = new WsolFolder();
        PixelBox[] blocks = [new(2, 2, 5, 5), new(0, 0, 2, 2), new(4, 4, 7, 7)];
        PixelBox[] gts = [new(4, 4, 13, 13), new(0, 0, 7, 7), new(8, 8, 13, 13)];
        for (int i = 0; i < 3; i++)
        {
            var map = new float[100];
            TestMaps.FillRect(map, 10, blocks[i].X0, blocks[i].Y0, blocks[i].X1, blocks[i].Y1, 1f);
            folder.Images.Add(new WsolFolder.Image($"b/{i}.jpg", 1, i == 1 ? 2 : 1, 20, 20, [gts[i]], map, 10, 10, i == 2));
        }

        folder.Write();

        BoxAccuracyResult result = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, new BoxAccuracyOptions(), folder.Predictions, maxDegreeOfParallelism: 2);

        Assert.AreEqual(3, result.ImageCount);
        Assert.AreEqual(66.66666666666667, result.PerDelta[0].MaxBoxAccuracy, "2·100.0/3");
        Assert.AreEqual(0, result.PerDelta[0].OptimalTauIndex);
        Assert.AreEqual((1.0 + 1.0 + 9.0 / 25) / 3, result.MeanIou);
        Assert.AreEqual(66.66666666666667, result.Localization.GtKnownLoc);
        Assert.AreEqual(33.333333333333336, result.Localization.Top1Loc);
        Assert.AreEqual(66.66666666666667, result.Localization.Top1Classification);
    }

    [TestMethod]
    public void Evaluate_DatasetFolder_UsesTheSplitSubfolder()
    {
        using WsolFolder folder = WsolFolder.Random(5, seed: 9);

        BoxAccuracyResult viaParent = ScoreMapFolderEvaluator.Evaluate(Path.GetDirectoryName(folder.Metadata)!, folder.ScoreMaps, split: "test");

        ResultAssert.Identical(folder.Direct(new BoxAccuracyOptions(), classes: false), viaParent);
    }

    [TestMethod]
    public void Evaluate_ThreadCounts_BitIdentical()
    {
        using WsolFolder folder = WsolFolder.Random(60, seed: 12);
        var options = new BoxAccuracyOptions { ThresholdStep = 0.001, KeepPerImageDetail = true };

        BoxAccuracyResult one = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, options, folder.Predictions, maxDegreeOfParallelism: 1);
        BoxAccuracyResult three = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, options, folder.Predictions, maxDegreeOfParallelism: 3);

        ResultAssert.Identical(one, three);
    }

    [TestMethod]
    public void Evaluate_BadMaps_ErrorsNameTheImageId()
    {
        using WsolFolder folder = WsolFolder.Random(6, seed: 3);
        string id = folder.Images[4].Id;
        string path = ScoreMapFolderEvaluator.ScoreMapPath(folder.ScoreMaps, id);
        var (w, h) = (folder.Images[4].MapWidth, folder.Images[4].MapHeight);

        File.Delete(path);
        var missing = Assert.ThrowsExactly<FileNotFoundException>(() => Evaluate(folder));
        StringAssert.Contains(missing.Message, id);

        double[] nan = new double[w * h];
        nan[7] = double.NaN;
        NpyBytes.WriteDouble(path, nan, w, h);
        var e = Assert.ThrowsExactly<ArgumentException>(() => Evaluate(folder));
        StringAssert.Contains(e.Message, $"Image '{id}'");
        StringAssert.Contains(e.Message, "NaN");

        double[] high = new double[w * h];
        high[3] = 1.0000001;
        NpyBytes.WriteDouble(path, high, w, h);
        e = Assert.ThrowsExactly<ArgumentException>(() => Evaluate(folder));
        StringAssert.Contains(e.Message, $"Image '{id}'");
        StringAssert.Contains(e.Message, "[0, 1]");

        File.WriteAllBytes(path, NpyBytes.Build(new double[w * h], [h, w], "<i8"));
        var dtype = Assert.ThrowsExactly<InvalidDataException>(() => Evaluate(folder));
        StringAssert.Contains(dtype.Message, id);
        StringAssert.Contains(dtype.Message, "dtype '<i8'");

        File.WriteAllBytes(path, NpyBytes.Build(new double[w * h], [1, h, w]));
        var rank = Assert.ThrowsExactly<InvalidDataException>(() => Evaluate(folder));
        StringAssert.Contains(rank.Message, id);
        StringAssert.Contains(rank.Message, "3-D");
    }

    [TestMethod]
    public void Evaluate_BadMetadata_ErrorsNameFileLineAndId()
    {
        using WsolFolder folder = WsolFolder.Random(4, seed: 4);
        string boxes = Path.Combine(folder.Metadata, "localization.txt");
        string id = folder.Images[2].Id;
        string[] lines = File.ReadAllLines(boxes);

        File.WriteAllLines(boxes, [.. lines, $"{id},9,1,3,5"]);
        var inverted = Assert.ThrowsExactly<InvalidDataException>(() => Evaluate(folder));
        StringAssert.Contains(inverted.Message, $"'{boxes}', line {lines.Length + 1}");
        StringAssert.Contains(inverted.Message, id);

        File.WriteAllLines(boxes, [.. lines, $"{id},9,1,3"]);
        var malformed = Assert.ThrowsExactly<InvalidDataException>(() => Evaluate(folder));
        StringAssert.Contains(malformed.Message, $"'{boxes}', line {lines.Length + 1}");

        File.WriteAllLines(boxes, lines);
        string sizes = Path.Combine(folder.Metadata, "image_sizes.txt");
        File.WriteAllLines(sizes, File.ReadAllLines(sizes).Where(l => !l.StartsWith(id, StringComparison.Ordinal)));
        var size = Assert.ThrowsExactly<InvalidDataException>(() => Evaluate(folder));
        StringAssert.Contains(size.Message, id);
        Assert.AreEqual(4, ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, new BoxAccuracyOptions { GtResizeMode = GtResizeMode.None }).ImageCount);

        File.WriteAllLines(folder.Predictions, folder.Images.Skip(1).Select(i => $"{i.Id},0"));
        var prediction = Assert.ThrowsExactly<InvalidDataException>(() =>
            ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, new BoxAccuracyOptions { GtResizeMode = GtResizeMode.None }, folder.Predictions));
        StringAssert.Contains(prediction.Message, folder.Images[0].Id);
    }

    private static BoxAccuracyResult Evaluate(WsolFolder folder) => ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, maxDegreeOfParallelism: 2);
}
