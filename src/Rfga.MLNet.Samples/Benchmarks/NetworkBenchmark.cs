using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Samples.Benchmarks;

/// <summary>What <c>rfga bench network</c> measures.</summary>
/// <param name="Spec">The network under test.</param>
/// <param name="Size">Training crop and inference input side, pixels.</param>
/// <param name="Batch">Images per step (≥ 2: training BatchNorms need two values per channel).</param>
/// <param name="Steps">Timed training steps and inference batches per variant and round.</param>
/// <param name="Rounds">Timed rounds after one warm-up round.</param>
/// <param name="Baseline">Also measure the same backbone without attention or method, in the same rounds.</param>
/// <param name="Device">Where the networks and inputs live.</param>
internal sealed record NetworkBenchSettings(WsolNetworkSpec Spec, int Size, int Batch, int Steps, int Rounds, bool Baseline, Device Device);

/// <summary>One network's times: every training step and every inference batch of the timed rounds, in milliseconds.</summary>
/// <param name="Name">The variant as printed.</param>
/// <param name="StepMs">Training steps (the first step of each training call, which creates the momentum buffers, is not kept).</param>
/// <param name="InferenceMs">Eval-mode forwards without gradients of one batch.</param>
internal sealed record NetworkBenchResult(string Name, List<double> StepMs, List<double> InferenceMs);

/// <summary>
/// Times training steps (through <see cref="WsolTrainer.Train"/>, the path <c>Fit</c> takes: augmentation, forward,
/// loss, backward, SGD, native-memory release) and inference forwards of a network, and of the plain-backbone baseline
/// in the same rounds. Variants alternate within a round and the starting variant rotates, so load from other
/// processes falls on both; the ratio of medians is the figure to compare.
/// </summary>
internal static class NetworkBenchmark
{
    /// <summary>Runs the warm-up and the timed rounds; <paramref name="roundDone"/> is called after each round (0 = warm-up).</summary>
    public static IReadOnlyList<NetworkBenchResult> Run(NetworkBenchSettings settings, Action<int> roundDone, CancellationToken cancel)
    {
        var specs = new List<WsolNetworkSpec> { settings.Spec };
        var plain = settings.Spec with { Attention = AttentionKind.None, Method = WsolMethod.Cam };
        if (settings.Baseline && plain != settings.Spec) specs.Add(plain);

        var networks = new List<WsolNetwork>();
        try
        {
            foreach (var spec in specs)
            {
                random.manual_seed(1);
                var network = new WsolNetwork(spec);
                network.to(settings.Device);
                networks.Add(network);
            }
            var source = new NoiseImageSource(settings.Spec.ClassCount, settings.Batch * (settings.Steps + 1), settings.Size);
            var warmUp = new NoiseImageSource(settings.Spec.ClassCount, settings.Batch * 2, settings.Size);
            var results = specs.Select(Describe).Select(name => new NetworkBenchResult(name, [], [])).ToList();
            for (int round = 0; round <= settings.Rounds; round++)
            {
                for (int i = 0; i < networks.Count; i++)
                {
                    int v = (round + i) % networks.Count;
                    bool timed = round > 0;
                    var steps = Train(networks[v], timed ? source : warmUp, settings, cancel);
                    var forwards = Infer(networks[v], timed ? settings.Steps : 1, settings, cancel);
                    if (!timed) continue;
                    results[v].StepMs.AddRange(steps);
                    results[v].InferenceMs.AddRange(forwards);
                }
                roundDone(round);
            }
            return results;
        }
        finally
        {
            foreach (var network in networks) network.Dispose();
        }
    }

    /// <summary>The variant's name: backbone, attention and method.</summary>
    public static string Describe(WsolNetworkSpec spec) =>
        $"{spec.Backbone} + {spec.Attention}{(spec.Method == WsolMethod.Cam ? "" : $" ({spec.Method})")}";

    /// <summary>One epoch over <paramref name="source"/>; the duration of every step after the first.</summary>
    private static List<double> Train(WsolNetwork network, ITrainingSampleSource source, NetworkBenchSettings settings, CancellationToken cancel)
    {
        var recorder = new StepClock();
        var training = new TrainingSettings
        {
            Epochs = 1, BatchSize = settings.Batch, ResizeSize = settings.Size, CropSize = settings.Size, TestSize = settings.Size,
        };
        recorder.Start();
        WsolTrainer.Train(network, source, training, new TrainingControl { Progress = recorder, Cancellation = cancel, Device = settings.Device });
        return recorder.Durations.Skip(1).ToList();
    }

    /// <summary>Times <paramref name="batches"/> eval-mode forwards of a fixed random batch.</summary>
    private static List<double> Infer(WsolNetwork network, int batches, NetworkBenchSettings settings, CancellationToken cancel)
    {
        var times = new List<double>(batches);
        network.eval();
        random.manual_seed(2);
        using var images = randn([settings.Batch, 3, settings.Size, settings.Size], device: settings.Device);
        for (int i = 0; i < batches; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            using (no_grad())
            using (NewDisposeScope())
            {
                var output = network.forward(images);
                // Wait for the device (a no-op on the CPU) so that the time covers the work, not its queueing.
                _ = output.Logits.cpu();
            }
            clock.Stop();
            times.Add(clock.Elapsed.TotalMilliseconds);
            NativeMemoryPolicy.ReleaseUnreachableHandles();
        }
        return times;
    }

    /// <summary>Records the time between consecutive step reports, synchronously on the training thread.</summary>
    private sealed class StepClock : IProgress<TrainingProgress>
    {
        private readonly Stopwatch clock = new();
        private double last;

        public List<double> Durations { get; } = [];

        public void Start()
        {
            clock.Restart();
            last = 0;
        }

        public void Report(TrainingProgress value)
        {
            double now = clock.Elapsed.TotalMilliseconds;
            Durations.Add(now - last);
            last = now;
        }
    }

    /// <summary>Uniform noise images of one size, labels cycling over the classes: the cost of a step without decoding.</summary>
    private sealed class NoiseImageSource : ITrainingSampleSource
    {
        private readonly RgbImage[] images;

        public NoiseImageSource(int classCount, int count, int size)
        {
            ClassCount = classCount;
            var random = new Random(count);
            images = new RgbImage[Math.Min(count, 16)];
            for (int i = 0; i < images.Length; i++)
            {
                var pixels = new byte[size * size * 3];
                random.NextBytes(pixels);
                images[i] = new RgbImage(size, size, pixels);
            }
            Count = count;
        }

        public int Count { get; }

        public int ClassCount { get; }

        public int GetLabel(int index) => index % ClassCount;

        public RgbImage GetImage(int index) => images[index % images.Length];
    }
}
