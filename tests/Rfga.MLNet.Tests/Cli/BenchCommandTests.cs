using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Support;
using TorchSharp;

namespace Rfga.MLNet.Tests.Cli;

/// <summary><c>rfga bench</c> runs end to end on small settings and prints its tables (figures are not asserted: no timed tests).</summary>
[TestClass]
public sealed class BenchCommandTests
{
    [TestMethod]
    public void BenchEvaluation_SmallRun_PrintsEveryPathAndBothPathsAgree()
    {
        var (code, stdout, stderr) = RfgaCli.Run("bench", "evaluation", "--maps", "60", "--per-tau-maps", "12", "--side", "96", "--seed", "7");
        Assert.AreEqual(0, code, stdout + stderr);
        StringAssert.Contains(stdout, "60 maps 96×96, 100 τ");
        StringAssert.Contains(stdout, "| per-τ (threshold + components at every τ), 1 thread | 12 |");
        StringAssert.Contains(stdout, "| one-pass sweep, 1 thread | 60 |");
        StringAssert.Contains(stdout, "Check: both paths counted the same correct images at every (δ, τ) on the 12 shared maps.");
        // The per-τ row is its own baseline.
        var perTau = stdout.Split('\n').Single(l => l.StartsWith("| per-τ", StringComparison.Ordinal)).Split('|', StringSplitOptions.TrimEntries);
        Assert.AreEqual("1.0", perTau[5]);
    }

    [TestMethod]
    public void BenchNetwork_TinyRun_MeasuresNetworkAndPlainBaselineWithoutLeakingTensors()
    {
        var (code, stdout, stderr) = RfgaCli.Run("bench", "network", "--backbone", "Tiny", "--size", "32", "--batch", "4", "--steps", "2", "--rounds", "1", "--classes", "3");
        Assert.AreEqual(0, code, stdout + stderr);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("| Tiny", StringComparison.Ordinal)).Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();
        CollectionAssert.AreEqual(new[] { "Tiny + RfgaResidual", "Tiny + None" }, rows.Select(r => r[1]).ToArray(), stdout);
        Assert.AreEqual("1.000", rows[1][4], "the plain backbone is the baseline");
        foreach (var r in rows)
        {
            double ms = double.Parse(r[2].Split(' ')[0], CultureInfo.InvariantCulture), imagesPerSecond = double.Parse(r[3], CultureInfo.InvariantCulture);
            // The time is printed to 0.1 ms, so batch / time is known to within that rounding.
            Assert.IsTrue(imagesPerSecond >= 4000 / (ms + 0.05) - 0.01 && imagesPerSecond <= 4000 / (ms - 0.05) + 0.01, $"images/s = batch / step time: {string.Join('|', r)}");
        }
        StringAssert.Contains(stdout, "live tensors 0 before and 0 after the benchmark");
        StringAssert.Contains(stderr, "round 1/1 done");
    }

    [TestMethod]
    [DataRow("bench network", "bench", "network", "--backbone", "Tiny")]
    [DataRow("train", "train", "--images", "{}", "--out", "{}/m.zip")]
    [DataRow("localize", "localize", "--backbone", "resnet18-imagenet", "--images", "{}", "--out", "{}/b.csv")]
    [DataRow("experiment", "experiment", "table1", "--out", "{}/t1")]
    public void Gpu_WithoutCuda_OneLineErrorNamingTheFlag(string command, params string[] args)
    {
        if (torch.cuda.is_available()) Assert.Inconclusive("CUDA is available here: the CPU-only error cannot occur.");
        string folder = Directory.CreateTempSubdirectory("rfga-gpu-").FullName;
        try
        {
            var (code, stdout, stderr) = RfgaCli.Run([.. args.Select(a => a.Replace("{}", folder, StringComparison.Ordinal)), "--gpu", "0"]);
            Assert.AreEqual(1, code, stdout + stderr);
            Assert.AreEqual($"rfga {command}: --gpu 0 but CUDA is not available (build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU).", stderr.Trim());
            Assert.AreEqual(0, Directory.GetFileSystemEntries(folder).Length, "nothing written");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
