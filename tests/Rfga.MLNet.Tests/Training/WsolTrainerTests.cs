using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Training;

[TestClass]
public sealed class WsolTrainerTests
{
    private static TrainingSettings Small(int epochs) => new()
    {
        Epochs = epochs, BatchSize = 8, LearningRate = 0.05, ResizeSize = 36, CropSize = 32,
        LearningRateStepEpochs = 100, Seed = 3,
    };

    [TestInitialize]
    public void PinThreads() => set_num_threads(2);

    [TestMethod]
    public void Train_TwoColourClasses_LossFallsAndClassesAreLearned()
    {
        random.manual_seed(11);
        using var net = new WsolNetwork(new WsolNetworkSpec(2));
        var source = new SquaresSource(48);
        var report = WsolTrainer.Train(net, source, Small(6));
        Assert.AreEqual(6, report.EpochLosses.Count);
        Assert.IsTrue(report.EpochLosses[^1] < 0.5 * report.EpochLosses[0],
            $"loss should at least halve: {string.Join(", ", report.EpochLosses)}");
        // The trained network separates the classes on fresh images.
        var test = new SquaresSource(20, seed: 99);
        using var noGrad = no_grad();
        using var x = Imaging.ImageBatch.Evaluation(Enumerable.Range(0, 20).Select(test.GetImage).ToList(), 32,
            Imaging.ImageNormalization.ImageNetMean, Imaging.ImageNormalization.ImageNetStd);
        using var output = net.forward(x);
        using var predicted = output.Logits.argmax(1);
        var p = predicted.data<long>().ToArray();
        int correct = Enumerable.Range(0, 20).Count(i => p[i] == test.GetLabel(i));
        Assert.IsTrue(correct >= 18, $"{correct}/20 correct");
    }

    [TestMethod]
    public void Train_ManySteps_LiveTensorCountStaysFlat()
    {
        random.manual_seed(1);
        using var net = new WsolNetwork(new WsolNetworkSpec(2));
        var source = new SquaresSource(16);
        var live = new List<long>();
        var progress = new SyncProgress(_ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        WsolTrainer.Train(net, source, Small(6) with { BatchSize = 4 }, progress);
        Assert.AreEqual(24, live.Count);
        // After the optimizer's state exists (first step), every step must leave the count unchanged.
        Assert.IsTrue(live.Skip(1).All(v => v == live[1]), $"live tensors per step: {string.Join(", ", live)}");
    }

    [TestMethod]
    public void Train_SameSeed_GivesIdenticalWeights()
    {
        float[] Run()
        {
            random.manual_seed(4);
            using var net = new WsolNetwork(new WsolNetworkSpec(2, Attention: AttentionKind.RfgaResidual));
            WsolTrainer.Train(net, new SquaresSource(16), Small(2));
            return net.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
        }
        CollectionAssert.AreEqual(Run(), Run());
    }

    [TestMethod]
    public void Train_CancelledBeforeStart_ThrowsOperationCanceled()
    {
        using var net = new WsolNetwork(new WsolNetworkSpec(2));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => WsolTrainer.Train(net, new SquaresSource(8), Small(1), null, cts.Token));
    }

    [TestMethod]
    public void Train_HugeLearningRate_StopsWithDivergenceMessage()
    {
        random.manual_seed(2);
        using var net = new WsolNetwork(new WsolNetworkSpec(2));
        var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
            WsolTrainer.Train(net, new SquaresSource(16), Small(3) with { LearningRate = 1e12, Momentum = 0 }));
        StringAssert.Contains(e.Message, "diverged");
    }

    [TestMethod]
    public void BatchLayout_TrailingSingleImage_IsDroppedWithWarning()
    {
        var warnings = new List<string>();
        var layout = WsolTrainer.BatchLayout(41, 20, warnings);
        CollectionAssert.AreEqual(new[] { (0, 20), (20, 20) }, layout.ToArray());
        Assert.AreEqual(1, warnings.Count);
        Assert.AreEqual(3, WsolTrainer.BatchLayout(42, 20, new List<string>()).Count);
    }

    [TestMethod]
    public void Validate_BatchSizeOne_ThrowsNamingOption()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new TrainingSettings { BatchSize = 1 }.Validate());
        Assert.AreEqual("BatchSize", e.ParamName);
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
