using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Cli;

/// <summary>rfga train on a publisher layout, and its Ctrl+C behaviour.</summary>
[TestClass]
public sealed class TrainCommandTests
{
    [TestMethod]
    public void Train_CubLayout_TrainsOnTrainSplitAndLocalizesTheTestSplit()
    {
        using var work = new CliWorkspace(trainCount: 24, testCount: 6);
        string cub = work.WriteCubLayout(), model = work.PathOf("cub.zip"), boxes = work.PathOf("cub-test.csv");
        string stdout = CliWorkspace.Succeed(["train", "--layout", "cub", "--data", cub, "--out", model, .. CliWorkspace.QuickTraining]);
        StringAssert.Contains(stdout, "24 images of 2 classes (CUB-200-2011 train split)");
        CliWorkspace.Succeed("localize", "--model", model, "--layout", "cub", "--data", cub, "--out", boxes);
        var lines = File.ReadAllLines(boxes);
        Assert.AreEqual(7, lines.Length, "header + the 6 test images (default --split test)");
        Assert.IsTrue(lines.Skip(1).All(l => l.Contains($"{Path.DirectorySeparatorChar}test_", StringComparison.Ordinal)), string.Join("\n", lines));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [TestMethod]
    public void Train_SigInt_StopsAfterCurrentStepWithExitCode130AndKeepsCheckpoint()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Inconclusive("SIGINT is sent with kill(2), POSIX only.");
        using var work = new CliWorkspace(trainCount: 32, testCount: 4);
        string model = work.PathOf("long.zip");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(RfgaCli.DllPath);
        foreach (var a in new[] { "train", "--data", work.TrainCsv, "--out", model, "--resize", "36", "--crop", "32", "--test-size", "32", "--epochs", "500", "--batch-size", "8" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        using var firstEpoch = new ManualResetEventSlim();
        var stdout = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data.Contains("epoch   1/500  loss", StringComparison.Ordinal)) firstEpoch.Set();
        };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            Assert.IsTrue(firstEpoch.Wait(TimeSpan.FromSeconds(60)), "no epoch line within 60 s:\n" + stdout);
            Assert.AreEqual(0, kill(process.Id, 2), "kill(SIGINT)");
            Assert.IsTrue(process.WaitForExit(TimeSpan.FromSeconds(60)), "the run did not stop within 60 s of SIGINT");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        Assert.AreEqual(130, process.ExitCode, stdout + stderr.Result);
        StringAssert.Contains(stderr.Result, "stopped by Ctrl+C");
        Assert.IsFalse(stderr.Result.Contains("   at ", StringComparison.Ordinal), stderr.Result);
        Assert.IsTrue(File.Exists(Path.Combine(model + ".checkpoint", "checkpoint.bin")), "checkpoint kept");
        Assert.IsFalse(File.Exists(model), "no model is written for a stopped run");
    }
}
