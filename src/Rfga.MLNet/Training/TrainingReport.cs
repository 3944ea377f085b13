using System.Collections.Generic;

namespace Rfga.MLNet.Training;

/// <summary>What a training run did.</summary>
/// <param name="EpochLosses">Mean training loss of each epoch.</param>
/// <param name="Steps">SGD steps taken.</param>
/// <param name="Images">Images seen (with repetition over epochs).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="Warnings">Things the caller should know (e.g. a dropped batch of one).</param>
public sealed record TrainingReport(IReadOnlyList<double> EpochLosses, int Steps, long Images, double Seconds, IReadOnlyList<string> Warnings);
