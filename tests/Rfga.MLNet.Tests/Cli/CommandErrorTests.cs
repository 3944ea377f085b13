using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Cli;

/// <summary>Every command fails with a non-zero exit code and one line on standard error (no stack trace) on bad input.</summary>
[TestClass]
public sealed class CommandErrorTests
{
    private static string folder = "";

    [ClassInitialize]
    public static void CreateInputs(TestContext context)
    {
        folder = Directory.CreateTempSubdirectory("rfga-cli-errors-").FullName;
        File.WriteAllBytes(Path.Combine(folder, "bad.zip"), [0x50, 0x4B, 3, 4, 1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(folder, "empty"));
        Directory.CreateDirectory(Path.Combine(folder, "images"));
        File.WriteAllText(Path.Combine(folder, "images", "notes.txt"), "not an image");
        Rfga.MLNet.Data.PngCodec.Save(Path.Combine(folder, "images", "a.png"), new byte[8 * 8 * 3], 8, 8);
        File.WriteAllLines(Path.Combine(folder, "list.csv"), ["ImagePath,ClassName", "images/a.png,x"]);
    }

    [ClassCleanup]
    public static void DeleteInputs()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    [DataRow("missing model", "Model not found", "localize", "--model", "{}/none.zip", "--images", "{}/images", "--out", "{}/o.csv")]
    [DataRow("unreadable model (localize)", "bad.zip", "localize", "--model", "{}/bad.zip", "--images", "{}/images", "--out", "{}/o.csv")]
    [DataRow("unreadable model (report)", "bad.zip", "report", "--model", "{}/bad.zip", "--data", "{}/list.csv", "--out", "{}/r.html")]
    [DataRow("unreadable model (attention)", "bad.zip", "visualize", "attention", "--model", "{}/bad.zip", "--image", "{}/images/a.png", "--out", "{}/f.png")]
    [DataRow("unreadable model (overlays)", "bad.zip", "visualize", "overlays", "--model", "{}/bad.zip", "--data", "{}/list.csv", "--out", "{}/f.png")]
    [DataRow("empty image folder (localize)", "holds no image files", "localize", "--model", "{}/bad.zip", "--images", "{}/empty", "--out", "{}/o.csv")]
    [DataRow("empty image folder (train)", "no class subfolder", "train", "--images", "{}/empty", "--out", "{}/m.zip")]
    [DataRow("empty image folder (report)", "holds no image files", "report", "--model", "{}/bad.zip", "--images", "{}/empty", "--out", "{}/r.html")]
    [DataRow("unknown enum value", "--attention: 'Foo' is not one of", "train", "--data", "{}/list.csv", "--out", "{}/m.zip", "--attention", "Foo")]
    [DataRow("unknown layout", "--layout", "train", "--layout", "imagenet", "--data", "{}/list.csv", "--out", "{}/m.zip")]
    [DataRow("unknown split", "--split", "localize", "--model", "{}/bad.zip", "--split", "dev", "--data", "{}/list.csv", "--out", "{}/o.csv")]
    [DataRow("unknown τ rule", "--tau must be best, dataset, model or a number", "visualize", "overlays", "--model", "{}/bad.zip", "--data", "{}/list.csv", "--out", "{}/f.png", "--tau", "often")]
    [DataRow("unknown option", "--colour", "report", "--model", "{}/bad.zip", "--data", "{}/list.csv", "--out", "{}/r.html", "--colour", "red")]
    [DataRow("missing evaluation file", "not found", "visualize", "tau-curves", "--input", "{}/missing.json", "--out", "{}/t.png")]
    [DataRow("missing image list", "Image list not found", "report", "--model", "{}/bad.zip", "--data", "{}/missing.csv", "--out", "{}/r.html")]
    [DataRow("missing data-set folder", "data-set folder not found", "train", "--layout", "cub", "--data", "{}/no-cub", "--out", "{}/m.zip")]
    [DataRow("missing image", "Image file not found", "visualize", "attention", "--model", "{}/bad.zip", "--image", "{}/images/none.png", "--out", "{}/f.png")]
    [DataRow("no figure named", "visualize", "visualize")]
    [DataRow("bench batch of one", "--batch must be ≥ 2; got 1", "bench", "network", "--batch", "1")]
    [DataRow("bench unknown backbone", "--backbone", "bench", "network", "--backbone", "VGG")]
    [DataRow("bench bad τ step", "--tau-step must lie in (0, 1]; got 0", "bench", "evaluation", "--maps", "4", "--tau-step", "0")]
    [DataRow("bench no maps", "--maps must be ≥ 1; got 0", "bench", "evaluation", "--maps", "0")]
    public void Command_BadInput_NonZeroExitAndOneLineWithoutStackTrace(string what, string expected, params string[] args)
    {
        var (code, stdout, stderr) = RfgaCli.Run(args.Select(a => a.Replace("{}", folder, StringComparison.Ordinal)).ToArray());
        Assert.AreNotEqual(0, code, $"{what}: {stdout}{stderr}");
        var lines = stderr.Trim().Split('\n');
        Assert.AreEqual(1, lines.Length, $"{what}: one line expected on stderr:\n{stderr}");
        StringAssert.StartsWith(lines[0], "rfga ", what);
        StringAssert.Contains(lines[0], expected, what);
        Assert.IsFalse(stderr.Contains("   at ", StringComparison.Ordinal), $"{what}: stack trace\n{stderr}");
        Assert.IsFalse(File.Exists(Path.Combine(folder, "o.csv")) || File.Exists(Path.Combine(folder, "r.html")) || File.Exists(Path.Combine(folder, "f.png")),
            $"{what}: no output on failure");
    }
}
