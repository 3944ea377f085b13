using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using Rfga.MLNet.Tests.Support;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Methods;

[TestClass]
public sealed class MethodTrainingTests
{
    private static TrainingSettings Small(int epochs) => new()
    {
        Epochs = epochs, BatchSize = 4, LearningRate = 0.05, ResizeSize = 36, CropSize = 32, TestSize = 32,
        LearningRateStepEpochs = 2, Seed = 3,
    };

    [TestInitialize]
    public void PinThreads() => set_num_threads(2);

    /// <summary>The repository's src/Rfga.MLNet.Samples/Experiments/Tables folder (tests run from tests/…/bin/&lt;config&gt;/net10.0/).</summary>
    private static string TablesFolder
    {
        get
        {
            var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return Path.Combine(bin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName, "src", "Rfga.MLNet.Samples", "Experiments", "Tables");
        }
    }

    /// <summary>Every row of the shipped Table 1 and Table 3 definitions as a network spec (K = 2, tiny backbone).</summary>
    private static List<(string Name, WsolNetworkSpec Spec)> TableRows()
    {
        var rows = new List<(string, WsolNetworkSpec)>();
        foreach (string table in new[] { "table1.json", "table3.json" })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TablesFolder, table)));
            foreach (var row in document.RootElement.GetProperty("rows").EnumerateArray())
            {
                var attention = Enum.Parse<AttentionKind>(row.GetProperty("attention").GetString()!);
                var views = row.TryGetProperty("views", out var v) ? Enum.Parse<RfgaViews>(v.GetString()!) : RfgaViews.All;
                var method = row.TryGetProperty("method", out var m) ? Enum.Parse<WsolMethod>(m.GetString()!) : WsolMethod.Cam;
                rows.Add(($"{table}: {row.GetProperty("name").GetString()}", new WsolNetworkSpec(2, BackboneKind.Tiny, attention, views, Method: method)));
            }
        }
        return rows;
    }

    [TestMethod]
    public void Train_EveryTableRowForOneStep_RunsAndChangesWeights()
    {
        var rows = TableRows();
        Assert.AreEqual(14, rows.Count, "Table 1 has 10 rows, Table 3 four");
        CollectionAssert.AreEquivalent(Enum.GetValues<WsolMethod>(), rows.Select(r => r.Spec.Method).Distinct().ToArray(), "every method appears");
        var source = new SquaresSource(4);
        foreach (var (name, spec) in rows)
        {
            random.manual_seed(5);
            using var network = new WsolNetwork(spec);
            var before = network.parameters().Select(p => p.detach().clone()).ToList();
            var report = WsolTrainer.Train(network, source, Small(1));
            Assert.AreEqual(1, report.Steps, name);
            Assert.IsTrue(double.IsFinite(report.EpochLosses[0]), $"{name}: loss {report.EpochLosses[0]}");
            Assert.IsTrue(network.parameters().Zip(before).Any(pair => !pair.First.eq(pair.Second).all().item<bool>()), $"{name}: no weight changed");
            foreach (var t in before) t.Dispose();
        }
    }

    [TestMethod]
    [DataRow(WsolMethod.HaS)]
    [DataRow(WsolMethod.CutMix)]
    [DataRow(WsolMethod.Adl)]
    [DataRow(WsolMethod.Acol)]
    public void Train_CancelledThenResumed_EndsWithSameWeightsAsUninterrupted(WsolMethod method)
    {
        var settings = Small(2);
        var source = new SquaresSource(10);   // 3 batches per epoch (4, 4, 2)
        var spec = new WsolNetworkSpec(2, Attention: AttentionKind.None, Method: method);
        float[] Weights(WsolNetwork n) => n.state_dict().Values.SelectMany(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

        random.manual_seed(9);
        using var straight = new WsolNetwork(spec);
        var reportStraight = WsolTrainer.Train(straight, source, settings);

        string folder = Path.Combine(Path.GetTempPath(), "rfga-method-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            random.manual_seed(9);
            using (var first = new WsolNetwork(spec))
            using (var cts = new CancellationTokenSource())
            {
                int steps = 0;
                var stopAfterFour = new SyncProgress(_ => { if (++steps == 4) cts.Cancel(); });
                Assert.ThrowsExactly<OperationCanceledException>(() => WsolTrainer.Train(first, source, settings,
                    new TrainingControl { CheckpointFolder = folder, CheckpointEverySteps = 2, Progress = stopAfterFour, Cancellation = cts.Token }));
            }
            random.manual_seed(12345);
            using var resumed = new WsolNetwork(spec);
            var report = WsolTrainer.Train(resumed, source, settings, new TrainingControl { CheckpointFolder = folder });
            CollectionAssert.AreEqual(Weights(straight), Weights(resumed), $"{method}: resumed weights differ");
            CollectionAssert.AreEqual(reportStraight.EpochLosses.ToArray(), report.EpochLosses.ToArray());
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow(WsolMethod.HaS)]
    [DataRow(WsolMethod.CutMix)]
    [DataRow(WsolMethod.Adl)]
    [DataRow(WsolMethod.Acol)]
    public void Train_ManySteps_LiveTensorCountStaysFlat(WsolMethod method)
    {
        random.manual_seed(1);
        using var net = new WsolNetwork(new WsolNetworkSpec(2, Attention: AttentionKind.None, Method: method));
        var live = new List<long>();
        var progress = new SyncProgress(_ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        WsolTrainer.Train(net, new SquaresSource(12), Small(3), new TrainingControl { Progress = progress });
        Assert.AreEqual(9, live.Count);
        Assert.IsTrue(live.Skip(1).All(v => v == live[1]), $"{method}: live tensors per step: {string.Join(", ", live)}");
    }

    [TestMethod]
    public void Checkpoint_OtherMethodOptions_IsRefused()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rfga-method-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var net = new WsolNetwork(new WsolNetworkSpec(2, Method: WsolMethod.HaS)))
                WsolTrainer.Train(net, new SquaresSource(8), Small(1), new TrainingControl { CheckpointFolder = folder });
            using var other = new WsolNetwork(new WsolNetworkSpec(2, Method: WsolMethod.HaS, HaS: new HasOptions { HideProbability = 0.25 }));
            var e = Assert.ThrowsExactly<InvalidOperationException>(() =>
                WsolTrainer.Train(other, new SquaresSource(8), Small(1), new TrainingControl { CheckpointFolder = folder }));
            StringAssert.Contains(e.Message, "HideProbability = 0.25");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> action) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => action(value);
    }
}
