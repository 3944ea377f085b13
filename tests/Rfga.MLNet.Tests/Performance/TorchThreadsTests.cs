using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Training;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Performance;

[TestClass]
public sealed class TorchThreadsTests
{
    [TestCleanup]
    public void RestoreThreads() => set_num_threads(2);

    [TestMethod]
    [DataRow(64, 2, false, 2)]    // libtorch's per-core default in a 2-CPU container
    [DataRow(2, 2, false, 2)]
    [DataRow(1, 8, false, 1)]     // never raised
    [DataRow(64, 2, true, 64)]    // OMP_NUM_THREADS / MKL_NUM_THREADS set: the user's choice
    [DataRow(4, 0, false, 1)]
    public void Choose_FollowsThePolicy(int current, int limit, bool userChose, int expected) =>
        Assert.AreEqual(expected, TorchThreads.Choose(current, limit, userChose));

    [TestMethod]
    public void LimitToProcessorCount_MoreThreadsThanCpus_LowersToProcessorCount()
    {
        WithoutUserVariables(() =>
        {
            set_num_threads(Environment.ProcessorCount + 2);
            Assert.AreEqual(Environment.ProcessorCount + 2, get_num_threads());
            Assert.AreEqual(Environment.ProcessorCount, TorchThreads.LimitToProcessorCount());
            Assert.AreEqual(Environment.ProcessorCount, get_num_threads());
        });
    }

    [TestMethod]
    public void LimitToProcessorCount_FewerThreadsThanCpus_LeavesThemAlone()
    {
        WithoutUserVariables(() =>
        {
            set_num_threads(1);
            Assert.AreEqual(1, TorchThreads.LimitToProcessorCount());
        });
    }

    [TestMethod]
    public void LimitToProcessorCount_OmpNumThreadsSet_LeavesTheCountAlone()
    {
        string? old = Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        try
        {
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "7");
            set_num_threads(Environment.ProcessorCount + 3);
            Assert.IsTrue(TorchThreads.UserChose);
            Assert.AreEqual(Environment.ProcessorCount + 3, TorchThreads.LimitToProcessorCount());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", old);
        }
    }

    private static void WithoutUserVariables(Action action)
    {
        var saved = new string?[TorchThreads.UserVariables.Count];
        for (int i = 0; i < saved.Length; i++)
        {
            saved[i] = Environment.GetEnvironmentVariable(TorchThreads.UserVariables[i]);
            Environment.SetEnvironmentVariable(TorchThreads.UserVariables[i], null);
        }
        try
        {
            action();
        }
        finally
        {
            for (int i = 0; i < saved.Length; i++) Environment.SetEnvironmentVariable(TorchThreads.UserVariables[i], saved[i]);
        }
    }
}
