using System;

namespace Rfga.MLNet.Training;

/// <summary>A progress report after one SGD step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">1-based step within the epoch.</param>
/// <param name="StepsPerEpoch">Steps in each epoch.</param>
/// <param name="Loss">This step's mean cross-entropy.</param>
/// <param name="EpochLoss">Mean loss of the epoch so far.</param>
/// <param name="LearningRate">Learning rate of this step.</param>
/// <param name="ImagesPerSecond">Throughput since the start of training.</param>
/// <param name="Eta">Estimated time left.</param>
public readonly record struct TrainingProgress(
    int Epoch, int Epochs, int Step, int StepsPerEpoch, double Loss, double EpochLoss,
    double LearningRate, double ImagesPerSecond, TimeSpan Eta)
{
    /// <summary>Mean validation cross-entropy, on the last step of an epoch when validation data is given.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Validation top-1 accuracy (%), on the last step of an epoch when validation data is given.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>True on the last step of an epoch.</summary>
    public bool EndOfEpoch => Step == StepsPerEpoch;
}
