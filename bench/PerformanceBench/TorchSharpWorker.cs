using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rfga.MLNet.Data;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Bench;

/// <summary>
/// The TorchSharp side, one (config, mode, variant) per process so that peak RSS belongs to that run alone.
/// Modes: infer and step (bare network on random tensors, as bench/torch_reference.py does), chain-infer and
/// chain-step (the same network through RfgaTrainer / RfgaClassifierTransformer on PNG files), check-export (the
/// bundle torch_reference.py --mode check compares against).
/// </summary>
internal static class TorchSharpWorker
{
    public static RunResult Run(BenchConfig config, string mode, string variant, TorchSharpSettings settings, int warmup, int iters)
    {
        // Before any tensor exists: the allocator setting only affects memory allocated afterwards.
        if (settings.KeepFreedMemory && !NativeMemoryPolicy.KeepFreedMemory())
            throw new InvalidOperationException("mallopt failed (not glibc?)");
        set_num_threads(settings.Threads);
        var result = mode switch
        {
            "infer" or "step" => Bare(config, mode == "step", settings, warmup, iters),
            "chain-infer" => ChainInfer(config, warmup, iters),
            "chain-step" => ChainStep(config, warmup, iters),
            _ => throw new ArgumentException($"unknown mode '{mode}'"),
        };
        return result with
        {
            Runtime = "torchsharp", Config = config.Name, Mode = mode, Variant = variant, Threads = get_num_threads(),
            Version = $"TorchSharp {typeof(torch).Assembly.GetName().Version}, {RuntimeInformation.FrameworkDescription}",
            RssPeakMb = ProcStatus.PeakRssMb(), RssFinalMb = ProcStatus.RssMb(), Batch = config.Batch,
        };
    }

    /// <summary>The step WsolTrainer runs, on fixed random tensors: zero_grad, forward, cross-entropy, backward, SGD, loss.item().</summary>
    private static RunResult Bare(BenchConfig config, bool train, TorchSharpSettings settings, int warmup, int iters)
    {
        random.manual_seed(1);
        using var network = new WsolNetwork(config.Spec());
        random.manual_seed(2);
        var images = randn(config.Batch, 3, config.Side, config.Side);
        using var labels = randint(BenchConfig.Classes, [config.Batch]);
        network.InputLayout = settings.InputLayout;
        if (settings.ChannelsLast) ToChannelsLast(network);
        using var optimizer = new SgdOptimizer(network.parameters(), 0.01, 0.9, 1e-4);
        if (train) network.train(); else network.eval();
        var times = new List<double>();
        var rss = new List<double>();
        long liveStart = -1;
        var pauseStart = TimeSpan.Zero;
        for (int i = 0; i < warmup + iters; i++)
        {
            if (i == warmup) (liveStart, pauseStart) = (LiveTensors(), GC.GetTotalPauseDuration());
            var clock = Stopwatch.StartNew();
            using (var scope = NewDisposeScope())
            {
                if (train)
                {
                    optimizer.ZeroGrad();
                    using var output = network.forward(images);
                    var loss = nn.functional.cross_entropy(output.Logits, labels);
                    loss.backward();
                    optimizer.Step();
                    _ = loss.item<float>();
                }
                else
                {
                    using var noGrad = no_grad();
                    using var output = network.forward(images);
                    _ = output.Logits[0, 0].item<float>();
                }
            }
            if (settings.Collect) NativeMemoryPolicy.ReleaseUnreachableHandles();
            clock.Stop();
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                rss.Add(ProcStatus.RssMb());
            }
        }
        images.Dispose();
        return new RunResult
        {
            TimesMs = [.. times], RssMb = [.. rss], LiveTensorsStart = liveStart, LiveTensorsEnd = LiveTensors(),
            GcPauseMs = (GC.GetTotalPauseDuration() - pauseStart).TotalMilliseconds / iters,
        };
    }

    /// <summary>
    /// RfgaTrainer.Fit on (warmup + iters + 1) batches of PNG files of the config's side (no resize, no crop); a step's
    /// time is the interval between two progress reports, so it includes reading and decoding the batch.
    /// </summary>
    private static RunResult ChainStep(BenchConfig config, int warmup, int iters)
    {
        using var data = ChainData.Create(config, trainBatches: warmup + iters + 1, testBatches: 1);
        var stamps = new List<(double Ms, double Rss, long Live, double Pause)>();
        var clock = Stopwatch.StartNew();
        var options = data.Options(new Progress(_ =>
            stamps.Add((clock.Elapsed.TotalMilliseconds, ProcStatus.RssMb(), LiveTensors(), GC.GetTotalPauseDuration().TotalMilliseconds))));
        using (data.Context.Transforms.TrainRfga(options).Fit(data.Train)) { }
        var timed = Enumerable.Range(1, stamps.Count - 1).Skip(warmup).ToList();
        return new RunResult
        {
            TimesMs = [.. timed.Select(i => stamps[i].Ms - stamps[i - 1].Ms)], RssMb = [.. timed.Select(i => stamps[i].Rss)],
            LiveTensorsStart = stamps[warmup].Live, LiveTensorsEnd = stamps[^1].Live,
            GcPauseMs = (stamps[^1].Pause - stamps[warmup].Pause) / (stamps.Count - 1 - warmup),
        };
    }

    /// <summary>
    /// The classifier's Transform over (warmup + iters) batches of PNG files, reading Score and ClassMaps of every row;
    /// a batch's time runs from its first row to the next batch's first row (decode, network, copy-out, getters).
    /// </summary>
    private static RunResult ChainInfer(BenchConfig config, int warmup, int iters)
    {
        using var data = ChainData.Create(config, trainBatches: 2, testBatches: warmup + iters + 1);
        using var classifier = data.Context.Transforms.TrainRfga(data.Options(null)).Fit(data.Train);
        var scored = classifier.Transform(data.Test);
        var times = new List<double>();
        var rss = new List<double>();
        long liveStart = -1;
        using (var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Score" or "ClassMaps")))
        {
            var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            var maps = cursor.GetGetter<VBuffer<float>>(scored.Schema["ClassMaps"]);
            VBuffer<float> s = default, m = default;
            var clock = new Stopwatch();
            for (long row = 0; cursor.MoveNext(); row++)
            {
                if (row % config.Batch == 0)
                {
                    long batch = row / config.Batch;
                    if (batch > warmup)
                    {
                        times.Add(clock.Elapsed.TotalMilliseconds);
                        rss.Add(ProcStatus.RssMb());
                    }
                    if (batch == warmup) liveStart = LiveTensors();
                    clock.Restart();
                }
                score(ref s);
                maps(ref m);
            }
        }
        return new RunResult { TimesMs = [.. times], RssMb = [.. rss], LiveTensorsStart = liveStart, LiveTensorsEnd = LiveTensors() };
    }

    /// <summary>
    /// Writes the bundle bench/torch_reference.py --mode check reads: the network's initial weights (safetensors), the
    /// input and labels, eval logits, then the losses of <paramref name="steps"/> SGD steps and eval logits after them.
    /// </summary>
    public static void ExportCheck(BenchConfig config, string folder, int threads, int steps = 2)
    {
        set_num_threads(threads);
        Directory.CreateDirectory(folder);
        random.manual_seed(1);
        using var network = new WsolNetwork(config.Spec());
        random.manual_seed(2);
        using var images = randn(config.Batch, 3, config.Side, config.Side);
        using var labels = randint(BenchConfig.Classes, [config.Batch]);
        WsolNetworkExporter.Save(network, Path.Combine(folder, "network.safetensors"), WeightsFormat.Safetensors);
        var shapes = new Dictionary<string, long[]>();
        Write("input.f32", images);
        Write("labels.i64", labels);
        network.eval();
        using (no_grad())
        using (var output = network.forward(images)) Write("logits_before.f32", output.Logits);
        network.train();
        var losses = new List<double>();
        using (var optimizer = new SgdOptimizer(network.parameters(), 0.01, 0.9, 1e-4))
        {
            for (int i = 0; i < steps; i++)
            {
                using var scope = NewDisposeScope();
                optimizer.ZeroGrad();
                using var output = network.forward(images);
                var loss = nn.functional.cross_entropy(output.Logits, labels);
                loss.backward();
                optimizer.Step();
                losses.Add(loss.item<float>());
            }
        }
        network.eval();
        using (no_grad())
        using (var output = network.forward(images)) Write("logits_after.f32", output.Logits);
        File.WriteAllText(Path.Combine(folder, "check.json"), JsonSerializer.Serialize(new { config = config.Name, steps, losses, shapes }));

        void Write(string name, Tensor t)
        {
            shapes[name] = t.shape;
            using var cpu = t.detach().cpu().contiguous();
            byte[] bytes = t.dtype == ScalarType.Int64
                ? MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray()
                : MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray();
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    /// <summary>
    /// Replaces every 2-D convolution weight by a channels-last copy (as PyTorch's <c>net.to(memory_format=channels_last)</c>);
    /// the input is made channels-last by the network itself. Not the library's default: checkpoints copy raw bytes.
    /// </summary>
    private static void ToChannelsLast(WsolNetwork network)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is not Conv2d conv) continue;
            var weight = conv.weight!.detach().clone();
            using var channelsLast = MemoryLayout.ToChannelsLast(weight);
            weight.Dispose();
            conv.weight = new Parameter(channelsLast.detach(), requires_grad: true);
        }
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    /// <summary>Calls back synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>PNG files of the config's side in a temporary folder, as an IDataView of paths and key labels.</summary>
    private sealed class ChainData : IDisposable
    {
        private readonly string folder;
        private readonly BenchConfig config;

        private ChainData(string folder, BenchConfig config, MLContext context, IDataView train, IDataView test)
        {
            (this.folder, this.config, Context, Train, Test) = (folder, config, context, train, test);
        }

        public MLContext Context { get; }
        public IDataView Train { get; }
        public IDataView Test { get; }

        public static ChainData Create(BenchConfig config, int trainBatches, int testBatches)
        {
            string folder = Path.Combine(Path.GetTempPath(), "rfga-perf-" + Guid.NewGuid().ToString("N"));
            var dataset = SyntheticWsolGenerator.Generate(new SyntheticWsolOptions
            {
                ImageSize = config.Side, ClassCount = SyntheticWsolOptions.MaxClassCount,
                TrainCount = config.Batch * trainBatches, TestCount = config.Batch * testBatches, Seed = 3,
            });
            SyntheticWsolWriter.Write(dataset, folder);
            var context = new MLContext(seed: 1);
            var train = Rows(dataset.Train, "train");
            var toKey = context.Transforms.Conversion.MapValueToKey("Label", nameof(Row.ClassName)).Fit(context.Data.LoadFromEnumerable(train));
            return new ChainData(folder, config, context, toKey.Transform(context.Data.LoadFromEnumerable(train)),
                toKey.Transform(context.Data.LoadFromEnumerable(Rows(dataset.Test, "test"))));

            List<Row> Rows(IReadOnlyList<WsolSample> samples, string split) => samples
                .Select((s, i) => new Row { ImagePath = Path.Combine(folder, split, $"{i:D6}.png"), ClassName = s.ClassName }).ToList();
        }

        /// <summary>One epoch, no resize or crop (the images are the config's side), the bench's SGD.</summary>
        public RfgaTrainerOptions Options(IProgress<TrainingProgress>? progress) => new()
        {
            Backbone = config.Backbone,
            Attention = AttentionKind.RfgaResidual,
            InferenceBatchSize = config.Batch,
            Progress = progress,
            Training = new TrainingSettings
            {
                Epochs = 1, BatchSize = config.Batch, LearningRate = 0.01, Momentum = 0.9, WeightDecay = 1e-4,
                ResizeSize = config.Side, CropSize = config.Side, TestSize = config.Side, LearningRateStepEpochs = 100,
            },
        };

        public void Dispose() => Directory.Delete(folder, recursive: true);
    }

    private sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string ClassName { get; set; } = "";
    }
}
