using System;
using System.Threading;
using static TorchSharp.torch;

namespace Rfga.MLNet.Training;

/// <summary>How a training run is watched and steered: progress, cancellation, device, validation, checkpoints.</summary>
public sealed record TrainingControl
{
    /// <summary>Receives a report after every step (validation figures on the last step of an epoch), or null.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Checked before every step. On cancellation a checkpoint is written (when a folder is set), then
    /// <see cref="OperationCanceledException"/> is thrown.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The device the network already lives on; null = the device of its parameters.</summary>
    public Device? Device { get; init; }

    /// <summary>Labelled images evaluated (top-1 accuracy, loss) at the end of every epoch, or null.</summary>
    public ITrainingSampleSource? Validation { get; init; }

    /// <summary>Folder for checkpoints, or null for none. A checkpoint of the same configuration found there is resumed.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>Write a checkpoint every this many steps (0: only at the end of each epoch and on cancellation).</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>Receives warnings (e.g. a dropped batch of one), or null.</summary>
    public Action<string>? Warn { get; init; }
}
