using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Rfga.MLNet.Common;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Network;
using static TorchSharp.torch;

namespace Rfga.MLNet.Training;

/// <summary>
/// The training loop: softmax cross-entropy (or the training-time method's loss, <see cref="WsolNetworkSpec.Method"/>),
/// SGD with momentum and weight decay, step learning-rate schedule, shuffling each epoch, resize → random crop → flip
/// augmentation (then the method's batch transform), optional validation and checkpoints. One
/// dispose scope per step, so live tensor counts stay flat. Deterministic for a seed and a torch thread count;
/// a run resumed from a checkpoint ends with the same weights as an uninterrupted one.
/// </summary>
public static class WsolTrainer
{
    /// <summary>Trains <paramref name="network"/> in place on <paramref name="source"/>; the network is left in eval mode.</summary>
    public static TrainingReport Train(WsolNetwork network, ITrainingSampleSource source, TrainingSettings settings,
        TrainingControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        control ??= new TrainingControl();
        settings.Validate();
        if (control.CheckpointEverySteps < 0)
            throw new ArgumentOutOfRangeException(nameof(control), control.CheckpointEverySteps, "CheckpointEverySteps must be ≥ 0");
        if (source.Count < 2) throw new ArgumentException($"training needs at least 2 samples; the source has {source.Count}.", nameof(source));
        if (source.ClassCount != network.Spec.ClassCount)
            throw new ArgumentException($"the source has {source.ClassCount} classes but the network was built for {network.Spec.ClassCount}.", nameof(source));
        NativeMemoryPolicy.ApplyDefault();
        var device = control.Device ?? DeviceOf(network);

        var warnings = new List<string>();
        var batches = BatchLayout(source.Count, settings.BatchSize, warnings);
        foreach (var w in warnings) control.Warn?.Invoke(w);
        using var optimizer = new SgdOptimizer(network.parameters(), settings.LearningRate, settings.Momentum, settings.WeightDecay);
        string fingerprint = Fingerprint(network.Spec, settings, source);

        var random = new SplitMix64((ulong)(uint)settings.Seed);
        var order = new int[source.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var epochLosses = new List<double>();
        int startEpoch = 0, startBatch = 0, stepsDone = 0;
        long imagesSeen = 0;
        double lossSum = 0;
        var resumed = control.CheckpointFolder is null ? null
            : TrainingCheckpoint.TryRead(control.CheckpointFolder, fingerprint, network, optimizer, source.Count);
        if (resumed is not null)
        {
            (startEpoch, startBatch, stepsDone, imagesSeen, lossSum) =
                (resumed.Epoch, resumed.BatchesDone, resumed.StepsDone, resumed.ImagesSeen, resumed.EpochLossSum);
            random.State = resumed.RandomState;
            order = resumed.Order;
            epochLosses = resumed.EpochLosses;
            control.Warn?.Invoke($"Resuming from the checkpoint in '{control.CheckpointFolder}' at epoch {startEpoch + 1}, step {startBatch + 1}.");
        }

        var clock = Stopwatch.StartNew();
        int totalSteps = settings.Epochs * batches.Count, stepsThisRun = 0;
        network.train();
        try
        {
            for (int epoch = startEpoch; epoch < settings.Epochs; epoch++)
            {
                double lr = settings.LearningRateAt(epoch);
                optimizer.LearningRate = lr;
                int firstBatch = epoch == startEpoch ? startBatch : 0;
                if (firstBatch == 0)
                {
                    // A checkpoint with no batch done of an epoch is taken before that epoch's shuffle.
                    if (control.Cancellation.IsCancellationRequested)
                    {
                        SaveCheckpoint(epoch, 0);
                        control.Cancellation.ThrowIfCancellationRequested();
                    }
                    Shuffle(order, ref random);
                    lossSum = 0;
                }
                for (int b = firstBatch; b < batches.Count; b++)
                {
                    if (b > 0 && control.Cancellation.IsCancellationRequested)
                    {
                        SaveCheckpoint(epoch, b);
                        control.Cancellation.ThrowIfCancellationRequested();
                    }
                    var (start, count) = batches[b];
                    double loss = Step(network, optimizer, source, order, start, count, settings, ref random, device);
                    if (!double.IsFinite(loss))
                        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                            $"Training diverged: the loss became {loss} at epoch {epoch + 1}, step {b + 1} (learning rate {lr}). Lower LearningRate.") +
                            (control.CheckpointFolder is null ? "" : $" The last good checkpoint is in '{control.CheckpointFolder}'."));
                    lossSum += loss;
                    stepsDone++;
                    stepsThisRun++;
                    imagesSeen += count;
                    if (settings.CollectNativeMemoryEveryStep) CollectNativeMemory();
                    bool endOfEpoch = b == batches.Count - 1;
                    if (endOfEpoch) epochLosses.Add(lossSum / batches.Count);
                    if (control.CheckpointEverySteps > 0 && stepsDone % control.CheckpointEverySteps == 0 && !endOfEpoch)
                        SaveCheckpoint(epoch, b + 1);
                    double? valLoss = null, valAcc = null;
                    if (endOfEpoch && control.Validation is not null)
                        (valLoss, valAcc) = Validate(network, control.Validation, settings, device);
                    if (endOfEpoch) SaveCheckpoint(epoch + 1, 0);
                    double seconds = clock.Elapsed.TotalSeconds;
                    control.Progress?.Report(new TrainingProgress(epoch + 1, settings.Epochs, b + 1, batches.Count, loss,
                        lossSum / (b + 1), lr, imagesSeen / Math.Max(seconds, 1e-9),
                        TimeSpan.FromSeconds(seconds / Math.Max(stepsThisRun, 1) * (totalSteps - stepsDone)))
                    {
                        ValidationLoss = valLoss,
                        ValidationAccuracy = valAcc,
                    });
                }
            }
        }
        finally
        {
            network.eval();
        }
        return new TrainingReport(epochLosses, stepsDone, imagesSeen, clock.Elapsed.TotalSeconds, warnings);

        void SaveCheckpoint(int epoch, int batchesDone)
        {
            if (control.CheckpointFolder is null) return;
            new TrainingCheckpoint
            {
                Fingerprint = fingerprint, Epoch = epoch, BatchesDone = batchesDone, RandomState = random.State,
                Order = order, EpochLossSum = batchesDone == 0 ? 0 : lossSum, EpochLosses = epochLosses,
                StepsDone = stepsDone, ImagesSeen = imagesSeen,
            }.Write(control.CheckpointFolder, network, optimizer);
        }
    }

    private static double Step(WsolNetwork network, SgdOptimizer optimizer, ITrainingSampleSource source,
        int[] order, int start, int count, TrainingSettings settings, ref SplitMix64 random, Device device)
    {
        var images = new RgbImage[count];
        var labels = new long[count];
        var draws = new CropFlip[count];
        int range = settings.ResizeSize - settings.CropSize + 1;
        for (int i = 0; i < count; i++)
        {
            int index = order[start + i];
            images[i] = source.GetImage(index);
            labels[i] = source.GetLabel(index);
            draws[i] = new CropFlip(random.NextInt(range), random.NextInt(range), random.NextDouble() < settings.FlipProbability);
        }
        using var scope = NewDisposeScope();
        var x = ImageBatch.Training(images, settings.ResizeSize, settings.CropSize, draws, settings.Preprocessing).to(device);
        var y = tensor(labels, ScalarType.Int64, device);
        // The method's hooks (PAPER.md §7: HaS, CutMix, ADL draws; ACoL's and CutMix's losses) use the same random stream.
        var batch = network.Method.PrepareBatch(x, y, ref random);
        optimizer.ZeroGrad();
        using var output = network.ForwardWithLabels(batch.Images, batch.Labels);
        var loss = network.Method.Loss(output, batch);
        loss.backward();
        optimizer.Step();
        return loss.item<float>();
    }

    /// <summary>Mean cross-entropy and top-1 accuracy (%) of <paramref name="network"/> on <paramref name="validation"/> at the test size,
    /// on <paramref name="device"/> (default: the device of the network's parameters).</summary>
    public static (double Loss, double Accuracy) Validate(WsolNetwork network, ITrainingSampleSource validation, TrainingSettings settings, Device? device = null)
    {
        bool wasTraining = network.training;
        network.eval();
        try
        {
            double lossSum = 0;
            long correct = 0;
            for (int start = 0; start < validation.Count; start += settings.BatchSize)
            {
                int count = Math.Min(settings.BatchSize, validation.Count - start);
                var images = new RgbImage[count];
                var labels = new long[count];
                for (int i = 0; i < count; i++)
                {
                    images[i] = validation.GetImage(start + i);
                    labels[i] = validation.GetLabel(start + i);
                }
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var x = ImageBatch.Evaluation(images, settings.TestSize, settings.Preprocessing).to(device ?? DeviceOf(network));
                var y = tensor(labels, ScalarType.Int64, device ?? DeviceOf(network));
                using var output = network.forward(x);
                lossSum += nn.functional.cross_entropy(output.Logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += output.Logits.argmax(1).eq(y).sum().item<long>();
            }
            return (lossSum / validation.Count, 100.0 * correct / validation.Count);
        }
        finally
        {
            if (wasTraining) network.train();
        }
    }

    /// <summary>Releases native memory held only by unreachable TorchSharp handles.</summary>
    internal static void CollectNativeMemory() => NativeMemoryPolicy.ReleaseUnreachableHandles();

    /// <summary>The device of the network's parameters (CPU for a network without any): inputs go where the weights are.</summary>
    internal static Device DeviceOf(WsolNetwork network)
    {
        foreach (var p in network.parameters()) return p.device;
        return CPU;
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

    /// <summary>What a checkpoint must match to be resumed: the network, the recipe and the data size.</summary>
    internal static string Fingerprint(WsolNetworkSpec spec, TrainingSettings s, ITrainingSampleSource source) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{spec}; epochs {s.Epochs}, batch {s.BatchSize}, lr {s.LearningRate:R}, momentum {s.Momentum:R}, wd {s.WeightDecay:R}, " +
            $"step {s.LearningRateStepEpochs} x{s.LearningRateDecay:R}, resize {s.ResizeSize}, crop {s.CropSize}, flip {s.FlipProbability:R}, " +
            $"input {s.Preprocessing}, seed {s.Seed}; {source.Count} samples, {source.ClassCount} classes");

    private static void Shuffle(int[] order, ref SplitMix64 random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
