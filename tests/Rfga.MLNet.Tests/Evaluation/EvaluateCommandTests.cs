using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Evaluation;

/// <summary><c>rfga evaluate</c> as a child process: exit codes, the printed table, and JSON equal to the library's numbers.</summary>
[TestClass]
public sealed class EvaluateCommandTests
{
    [TestMethod]
    public void Evaluate_TinyFolder_TableAndJsonEqualLibraryResult()
    {
        using WsolFolder folder = WsolFolder.Random(12, seed: 21);
        string json = Path.Combine(folder.Root, "out", "result.json");

        var (code, output, error) = RfgaCli.Run("evaluate", "--metadata", folder.Metadata, "--scoremaps", folder.ScoreMaps, "--out", json,
            "--predictions", folder.Predictions, "--per-image", "--loc-tau", "0.4", "--threads", "2");

        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "MaxBoxAcc (single contour): 12 images");
        StringAssert.Contains(output, "GT-known Loc");
        StringAssert.Contains(output, "Top-1 Loc");
        BoxAccuracyResult expected = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps,
            new BoxAccuracyOptions { LocalizationTau = 0.4, KeepPerImageDetail = true }, folder.Predictions);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = doc.RootElement;
        Assert.AreEqual("rfga-wsol-evaluation/1", root.GetProperty("format").GetString());
        Assert.AreEqual(12, root.GetProperty("images").GetInt32());
        CollectionAssert.AreEqual(new[] { 50, 60, 70, 80, 90 }, root.GetProperty("options").GetProperty("iouThresholds").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        JsonElement[] perDelta = root.GetProperty("maxBoxAcc").EnumerateArray().ToArray();
        for (int d = 0; d < 5; d++)
        {
            Assert.AreEqual(expected.PerDelta[d].MaxBoxAccuracy, perDelta[d].GetProperty("value").GetDouble());
            Assert.AreEqual(expected.PerDelta[d].OptimalTauIndex, perDelta[d].GetProperty("tauIndex").GetInt32());
            CollectionAssert.AreEqual(expected.PerDelta[d].BoxAccuracyCurve.ToArray(), Doubles(perDelta[d].GetProperty("curve")));
        }

        Assert.AreEqual(expected.MeanMaxBoxAccuracy, root.GetProperty("meanMaxBoxAcc").GetDouble());
        Assert.AreEqual(expected.MeanIou, root.GetProperty("meanIou").GetProperty("value").GetDouble());
        Assert.AreEqual(expected.PerImageMeanIou, root.GetProperty("perImageMeanIou").GetDouble());
        CollectionAssert.AreEqual(expected.MeanIouCurve.ToArray(), Doubles(root.GetProperty("meanIouCurve")));
        JsonElement loc = root.GetProperty("localization");
        Assert.AreEqual(expected.Localization.GtKnownLoc, loc.GetProperty("gtKnownLoc").GetDouble());
        Assert.AreEqual(expected.Localization.Top1Loc, loc.GetProperty("top1Loc").GetDouble());
        Assert.AreEqual(expected.Localization.Top1LocAtUserTau, loc.GetProperty("top1LocAtUserTau").GetDouble());
        JsonElement[] images = root.GetProperty("perImage").EnumerateArray().ToArray();
        CollectionAssert.AreEqual(folder.Images.Select(i => i.Id).ToArray(), images.Select(i => i.GetProperty("id").GetString()).ToArray());
        CollectionAssert.AreEqual(expected.Images![3].BestIou.ToArray(), Doubles(images[3].GetProperty("iou")));
        Assert.AreEqual(100, images[3].GetProperty("boxes").GetArrayLength());
        Assert.IsFalse(Directory.EnumerateFiles(Path.GetDirectoryName(json)!, "*.tmp").Any(), "no temporary file left");
    }

    [TestMethod]
    public void Evaluate_MaxBoxAccV2PresetFixedResizeFineGrid_JsonEqualsLibrary()
    {
        using WsolFolder folder = WsolFolder.Random(6, seed: 22);
        string json = Path.Combine(folder.Root, "v2.json");

        var (code, _, error) = RfgaCli.Run("evaluate", "--metadata", Path.GetDirectoryName(folder.Metadata)!, "--scoremaps", folder.ScoreMaps,
            "--out", json, "--metric", "maxboxaccv2", "--gt-resize", "fixed", "--fixed-size", "64", "--tau-step", "0.001", "--miou-tau", "max");

        Assert.AreEqual(0, code, error);
        BoxAccuracyResult expected = ScoreMapFolderEvaluator.Evaluate(folder.Metadata, folder.ScoreMaps, new BoxAccuracyOptions
        {
            ContourMode = ContourMode.Multi,
            IouThresholds = BoxAccuracyOptions.MaxBoxAccV2IouThresholds,
            GtResizeMode = GtResizeMode.Fixed,
            FixedResizeLength = 64,
            ThresholdStep = 0.001,
            MeanIouTauRule = MeanIouTauRule.Max,
        });
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement root = doc.RootElement;
        Assert.AreEqual("multi", root.GetProperty("options").GetProperty("contour").GetString());
        Assert.AreEqual(1000, root.GetProperty("taus").GetArrayLength());
        Assert.AreEqual(0.035, root.GetProperty("taus")[35].GetDouble());
        CollectionAssert.AreEqual(expected.PerDelta.Select(d => d.MaxBoxAccuracy).ToArray(),
            root.GetProperty("maxBoxAcc").EnumerateArray().Select(d => d.GetProperty("value").GetDouble()).ToArray());
        Assert.AreEqual(expected.MeanIou, root.GetProperty("meanIou").GetProperty("value").GetDouble());
        Assert.AreEqual("max", root.GetProperty("meanIou").GetProperty("rule").GetString());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("localization").GetProperty("top1Loc").ValueKind);
    }

    [TestMethod]
    public void Evaluate_BadInput_OneLineErrorExitTwo()
    {
        using WsolFolder folder = WsolFolder.Random(4, seed: 23);
        string id = folder.Images[1].Id;
        File.Delete(ScoreMapFolderEvaluator.ScoreMapPath(folder.ScoreMaps, id));
        string boxes = Path.Combine(folder.Metadata, "localization.txt");

        var missing = RfgaCli.Run("evaluate", "--metadata", folder.Metadata, "--scoremaps", folder.ScoreMaps);
        File.AppendAllText(boxes, $"{id},1,2,3\n");
        var malformed = RfgaCli.Run("evaluate", "--metadata", folder.Metadata, "--scoremaps", folder.ScoreMaps);
        var percent = RfgaCli.Run("evaluate", "--metadata", folder.Metadata, "--scoremaps", folder.ScoreMaps, "--iou", "50,150");

        Assert.AreEqual(2, missing.ExitCode, missing.Error);
        StringAssert.Contains(missing.Error, id);
        Assert.AreEqual(2, malformed.ExitCode, malformed.Error);
        StringAssert.Contains(malformed.Error, $"'{boxes}', line {folder.Images.Sum(i => i.Boxes.Length) + 1}");
        Assert.AreEqual(2, percent.ExitCode, percent.Error);
        StringAssert.Contains(percent.Error, "--iou");
        foreach (string error in new[] { missing.Error, malformed.Error, percent.Error })
        {
            Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
            StringAssert.StartsWith(error, "rfga evaluate: ");
        }
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
