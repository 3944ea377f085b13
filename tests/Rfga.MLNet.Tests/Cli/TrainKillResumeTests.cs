using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Cli;

[TestClass]
public sealed class TrainKillResumeTests
{
    /// <summary>
    /// Fault injection: `rfga train` is killed (SIGKILL) at random points several times and restarted with the same
    /// checkpoint folder; the finished model's weights must equal those of an uninterrupted run with the same seed.
    /// </summary>
    [TestMethod]
    public void Train_KilledRepeatedlyAndResumed_GivesSameWeightsAsUninterrupted()
    {
        string dir = Path.Combine(Path.GetTempPath(), "rfga-kill-" + Guid.NewGuid().ToString("N"));
        try
        {
            var dataset = SyntheticWsolGenerator.Generate(new SyntheticWsolOptions { ImageSize = 32, PartMinSize = 3, TrainCount = 128, TestCount = 8, Seed = 4 });
            SyntheticWsolWriter.Write(dataset, dir);
            string csv = Path.Combine(dir, "train.csv");
            string[] Args(string output, string checkpoint) =>
            [
                "train", "--data", csv, "--out", output, "--epochs", "4", "--batch-size", "8", "--lr", "0.05",
                "--resize", "36", "--crop", "32", "--test-size", "32", "--tau", "0.5", "--seed", "7",
                "--checkpoint", checkpoint, "--checkpoint-every", "2",
            ];

            string straight = Path.Combine(dir, "straight.zip");
            var (code, stdout, stderr) = RfgaCli.Run(Args(straight, Path.Combine(dir, "ckpt-straight")));
            Assert.AreEqual(0, code, stdout + stderr);

            string resumed = Path.Combine(dir, "resumed.zip"), checkpoint = Path.Combine(dir, "ckpt");
            var random = new Random(2024);
            int kills = 0;
            for (int attempt = 0; attempt < 3; attempt++)
            {
                if (KillWhileTraining(Args(resumed, checkpoint), Path.Combine(checkpoint, "checkpoint.bin"), random.Next(0, 150))) kills++;
            }
            Assert.IsTrue(kills >= 2, $"only {kills} of 3 runs were killed before they finished");
            Assert.IsFalse(File.Exists(resumed), "a killed run must not leave a model under the final name");
            (code, stdout, stderr) = RfgaCli.Run(Args(resumed, checkpoint));
            Assert.AreEqual(0, code, stdout + stderr);
            Assert.AreEqual(WeightsHash(straight), WeightsHash(resumed));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Starts training, waits for a checkpoint plus <paramref name="delayMs"/>, then SIGKILLs it; true if it was killed.</summary>
    private static bool KillWhileTraining(string[] args, string checkpointFile, int delayMs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RfgaCli.DllPath);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        DateTime before = File.Exists(checkpointFile) ? File.GetLastWriteTimeUtc(checkpointFile) : DateTime.MinValue;
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2)
               && !(File.Exists(checkpointFile) && File.GetLastWriteTimeUtc(checkpointFile) > before))
            Thread.Sleep(20);
        Thread.Sleep(delayMs);
        if (process.HasExited) return false;
        process.Kill(entireProcessTree: true);   // SIGKILL on Linux: no cleanup code runs
        process.WaitForExit();
        return true;
    }

    private static string WeightsHash(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        var entry = archive.Entries.Single(e => e.FullName.EndsWith("RfgaNet.bin", StringComparison.Ordinal));
        using var stream = entry.Open();
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
