using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;
using static TorchSharp.torch;

namespace Rfga.MLNet.Training;

/// <summary>
/// The training loop: softmax cross-entropy, SGD with momentum and weight decay, step learning-rate schedule,
/// shuffling each epoch, resize → random crop → flip augmentation. One dispose scope per step, so live tensor
/// counts stay flat. Deterministic for a seed and a torch thread count.
/// </summary>
public static class WsolTrainer
{
    /// <summary>Trains <paramref name="network"/> in place on <paramref name="source"/>.</summary>
    /// <param name="network">The network (its parameters are updated; left in eval mode on return).</param>
    /// <param name="source">Labelled images.</param>
    /// <param name="settings">The recipe.</param>
    /// <param name="progress">Receives a report after every step, or null.</param>
    /// <param name="cancellation">Checked before every step; cancellation throws <see cref="OperationCanceledException"/>.</param>
    /// <param name="device">Where the network lives (it must already be there); null = CPU.</param>
    public static TrainingReport Train(WsolNetwork network, ITrainingSampleSource source, TrainingSettings settings,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (source.Count < 2) throw new ArgumentException($"training needs at least 2 samples; the source has {source.Count}.", nameof(source));
        if (source.ClassCount != network.Spec.ClassCount)
            throw new ArgumentException($"the source has {source.ClassCount} classes but the network was built for {network.Spec.ClassCount}.", nameof(source));

        var warnings = new List<string>();
        var batches = BatchLayout(source.Count, settings.BatchSize, warnings);
        var random = new Random(settings.Seed);
        var order = new int[source.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;

        using var optimizer = optim.SGD(network.parameters(), settings.LearningRate, settings.Momentum,
            weight_decay: settings.WeightDecay);
        var epochLosses = new List<double>();
        var clock = Stopwatch.StartNew();
        int totalSteps = settings.Epochs * batches.Count, stepsDone = 0;
        long imagesSeen = 0;
        network.train();
        try
        {
            for (int epoch = 0; epoch < settings.Epochs; epoch++)
            {
                double lr = settings.LearningRateAt(epoch);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
                Shuffle(order, random);
                double lossSum = 0;
                for (int b = 0; b < batches.Count; b++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var (start, count) = batches[b];
                    double loss = Step(network, optimizer, source, order, start, count, settings, random, device ?? CPU);
                    if (!double.IsFinite(loss))
                        throw new InvalidOperationException(
                            $"Training diverged: the loss became {loss} at epoch {epoch + 1}, step {b + 1} (learning rate {lr}). " +
                            "Lower LearningRate.");
                    lossSum += loss;
                    stepsDone++;
                    imagesSeen += count;
                    if (settings.CollectNativeMemoryEveryStep) CollectNativeMemory();
                    double seconds = clock.Elapsed.TotalSeconds;
                    progress?.Report(new TrainingProgress(epoch + 1, settings.Epochs, b + 1, batches.Count, loss,
                        lossSum / (b + 1), lr, imagesSeen / Math.Max(seconds, 1e-9),
                        TimeSpan.FromSeconds(seconds / stepsDone * (totalSteps - stepsDone))));
                }
                epochLosses.Add(lossSum / batches.Count);
            }
        }
        finally
        {
            network.eval();
        }
        return new TrainingReport(epochLosses, stepsDone, imagesSeen, clock.Elapsed.TotalSeconds, warnings);
    }

    private static double Step(WsolNetwork network, optim.Optimizer optimizer, ITrainingSampleSource source,
        int[] order, int start, int count, TrainingSettings settings, Random random, Device device)
    {
        var images = new RgbImage[count];
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            int index = order[start + i];
            images[i] = source.GetImage(index);
            labels[i] = source.GetLabel(index);
        }
        using var scope = NewDisposeScope();
        var x = ImageBatch.Training(images, settings.ResizeSize, settings.CropSize, settings.FlipProbability, random,
            settings.Mean, settings.Std).to(device);
        var y = tensor(labels, ScalarType.Int64, device);
        // zero_grad leaves the handles of grad.zero_() to the finalizer unless scoped (performance.md finding 2).
        using (NewDisposeScope()) optimizer.zero_grad();
        using var output = network.forward(x);
        var loss = nn.functional.cross_entropy(output.Logits, y);
        loss.backward();
        using (NewDisposeScope()) optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Releases native memory held only by unreachable TorchSharp handles.</summary>
    internal static void CollectNativeMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Consecutive (start, count) batches over n shuffled samples; a trailing batch of one is dropped with a warning.</summary>
    internal static List<(int Start, int Count)> BatchLayout(int n, int batchSize, List<string> warnings)
    {
        var batches = new List<(int, int)>();
        for (int start = 0; start < n; start += batchSize)
        {
            int count = Math.Min(batchSize, n - start);
            if (count == 1)
            {
                warnings.Add($"The last batch of each epoch would hold one image ({n} samples, batch size {batchSize}); it is dropped, " +
                             "because BatchNorm cannot train on a single image.");
                break;
            }
            batches.Add((start, count));
        }
        return batches;
    }

    private static void Shuffle(int[] order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
