using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Training;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Performance;

[TestClass]
public sealed class NativeMemoryPolicyTests
{
    [TestMethod]
    public void KeepFreedMemory_OnLinux_IsAppliedOnceAndReported()
    {
        if (!OperatingSystem.IsLinux()) Assert.Inconclusive("glibc's mallopt exists on Linux only.");
        Assert.IsTrue(NativeMemoryPolicy.KeepFreedMemory(), "mallopt should succeed with glibc");
        Assert.IsTrue(NativeMemoryPolicy.KeepFreedMemory(), "a second call reports the first call's result");
        Assert.IsTrue(NativeMemoryPolicy.IsKeepingFreedMemory);
        // Tensors still allocate and free normally afterwards.
        using var big = ones(64, 1024, 1024);
        Assert.AreEqual(64L * 1024 * 1024, big.sum().item<float>(), 0.0);
    }

    [TestMethod]
    [DataRow("0", true)]
    [DataRow("false", true)]
    [DataRow(" FALSE ", true)]
    [DataRow("1", false)]
    [DataRow("true", false)]
    [DataRow("", false)]
    [DataRow(null, false)]
    public void IsOptOut_ZeroOrFalse_TurnsTheDefaultOff(string? value, bool expected) =>
        Assert.AreEqual(expected, NativeMemoryPolicy.IsOptOut(value), $"{NativeMemoryPolicy.OptOutVariable}={value ?? "(unset)"}");

    [TestMethod]
    public void ReleaseUnreachableHandles_FinalizesAbandonedTensors()
    {
        var handle = Abandon();
        NativeMemoryPolicy.ReleaseUnreachableHandles();
        Assert.IsFalse(handle.IsAlive, "an undisposed, unreachable tensor should be finalized");

        static WeakReference Abandon() => new(ones(4, 4));
    }

    [TestMethod]
    public void Train_CollectNativeMemoryEveryStep_RunsOneFullCollectionPerStep()
    {
        set_num_threads(2);
        random.manual_seed(1);
        using var net = new WsolNetwork(new WsolNetworkSpec(2));
        var settings = new TrainingSettings
        {
            Epochs = 1, BatchSize = 4, ResizeSize = 36, CropSize = 32, TestSize = 32, LearningRateStepEpochs = 100, Seed = 3,
        };
        int before = GC.CollectionCount(2);
        var report = WsolTrainer.Train(net, new SquaresSource(16), settings);
        Assert.AreEqual(4, report.Steps);
        Assert.IsTrue(GC.CollectionCount(2) - before >= report.Steps, $"{GC.CollectionCount(2) - before} full collections for {report.Steps} steps");
    }
}
