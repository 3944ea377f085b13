using System;
using System.Collections.Generic;
using System.IO;
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
        Epochs = epochs, BatchSize = 8, LearningRate = 0.05, ResizeSize = 36, CropSize = 32, TestSize = 32,
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
        using var x = Rfga.MLNet.Imaging.ImageBatch.Evaluation(Enumerable.Range(0, 20).Select(test.GetImage).ToList(), 32,
            Rfga.MLNet.Imaging.ImageNormalization.ImageNetMean, Rfga.MLNet.Imaging.ImageNormalization.ImageNetStd);
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
        WsolTrainer.Train(net, source, Small(6) with { BatchSize = 4 }, new TrainingControl { Progress = progress });
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
        Assert.ThrowsExactly<OperationCanceledException>(() => WsolTrainer.Train(net, new SquaresSource(8), Small(1), new TrainingControl { Cancellation = cts.Token }));
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
    public void Train_CancelledThenResumedFromCheckpoint_EndsWithSameWeightsAsUninterrupted()
    {
        var settings = Small(3) with { BatchSize = 4, LearningRateStepEpochs = 2 };
        var source = new SquaresSource(18);   // 5 batches per epoch (4,4,4,4,2)
        float[] Weights(WsolNetwork n) => n.state_dict().Values.SelectMany(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

        random.manual_seed(9);
        using var straight = new WsolNetwork(new WsolNetworkSpec(2));
        var reportStraight = WsolTrainer.Train(straight, source, settings);

        string folder = Path.Combine(Path.GetTempPath(), "rfga-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            random.manual_seed(9);
            using (var first = new WsolNetwork(new WsolNetworkSpec(2)))
            using (var cts = new CancellationTokenSource())
            {
                int steps = 0;
                var stopAfterSeven = new SyncProgress(_ => { if (++steps == 7) cts.Cancel(); });
                Assert.ThrowsExactly<OperationCanceledException>(() => WsolTrainer.Train(first, source, settings,
                    new TrainingControl { CheckpointFolder = folder, CheckpointEverySteps = 3, Progress = stopAfterSeven, Cancellation = cts.Token }));
            }
            Assert.IsTrue(File.Exists(Path.Combine(folder, "checkpoint.bin")));
            // A different initialisation: the resumed run must take everything from the checkpoint.
            random.manual_seed(12345);
            using var resumed = new WsolNetwork(new WsolNetworkSpec(2));
            var warnings = new List<string>();
            var report = WsolTrainer.Train(resumed, source, settings, new TrainingControl { CheckpointFolder = folder, Warn = warnings.Add });
            Assert.IsTrue(warnings.Any(w => w.Contains("Resuming")));
            CollectionAssert.AreEqual(Weights(straight), Weights(resumed));
            CollectionAssert.AreEqual(reportStraight.EpochLosses.ToArray(), report.EpochLosses.ToArray());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Train_CheckpointOfOtherConfiguration_IsRefused()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rfga-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var net = new WsolNetwork(new WsolNetworkSpec(2)))
                WsolTrainer.Train(net, new SquaresSource(8), Small(1) with { BatchSize = 4 }, new TrainingControl { CheckpointFolder = folder });
            using var other = new WsolNetwork(new WsolNetworkSpec(2));
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => WsolTrainer.Train(other, new SquaresSource(8),
                Small(1) with { BatchSize = 4, LearningRate = 0.01 }, new TrainingControl { CheckpointFolder = folder }));
            StringAssert.Contains(e.Message, "another training configuration");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Train_WithValidation_ReportsAccuracyEachEpoch()
    {
        random.manual_seed(11);
        using var net = new WsolNetwork(new WsolNetworkSpec(2));
        var reports = new List<TrainingProgress>();
        WsolTrainer.Train(net, new SquaresSource(48), Small(3), new TrainingControl
        {
            Validation = new SquaresSource(10, seed: 77),
            Progress = new SyncProgress(reports.Add),
        });
        var ends = reports.Where(r => r.EndOfEpoch).ToList();
        Assert.AreEqual(3, ends.Count);
        Assert.IsTrue(ends.All(r => r.ValidationAccuracy is >= 0 and <= 100 && r.ValidationLoss > 0));
        Assert.IsTrue(reports.Where(r => !r.EndOfEpoch).All(r => r.ValidationAccuracy is null));
        // Accuracy is a multiple of 10% on 10 images: it is a count, not an estimate.
        Assert.IsTrue(ends.All(r => Math.Abs(r.ValidationAccuracy!.Value / 10 - Math.Round(r.ValidationAccuracy.Value / 10)) < 1e-9));
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
