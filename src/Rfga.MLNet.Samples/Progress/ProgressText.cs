using System;
using System.Globalization;
using Rfga.MLNet.Training;

namespace Rfga.MLNet.Samples.Progress;

/// <summary>The wording of progress lines, shared by the live and the plain display.</summary>
internal static class ProgressText
{
    /// <summary>"epoch   3/12  loss 0.6931  lr 0.01  412.3 img/s  ETA 00:01:05" (+ validation), the end-of-epoch line.</summary>
    public static string Epoch(TrainingProgress p)
    {
        string validation = p.ValidationAccuracy is double acc
            ? string.Create(CultureInfo.InvariantCulture, $"  val loss {p.ValidationLoss:0.0000}  val top-1 {acc:0.00}%")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch,3}/{p.Epochs}  loss {p.EpochLoss:0.0000}  lr {p.LearningRate:G3}  {p.ImagesPerSecond:0.0} img/s  ETA {Eta(p.Eta)}{validation}");
    }

    /// <summary>"epoch   3/12  step 40/188  loss 0.6931  lr 0.01  412.3 img/s  ETA 00:01:05", a within-epoch line.</summary>
    public static string Step(TrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch,3}/{p.Epochs}  step {p.Step}/{p.StepsPerEpoch}  loss {p.Loss:0.0000}  lr {p.LearningRate:G3}  {p.ImagesPerSecond:0.0} img/s  ETA {Eta(p.Eta)}");

    /// <summary>"scoring: 40/200 images  12.5/s  ETA 00:00:13".</summary>
    public static string Items(string title, int done, int total, double rate, TimeSpan eta) => string.Create(CultureInfo.InvariantCulture,
        $"{title}: {done}/{total}  {rate:0.0}/s  ETA {Eta(eta)}");

    /// <summary>hh:mm:ss, or d.hh:mm:ss past a day.</summary>
    public static string Eta(TimeSpan eta) =>
        eta.TotalDays >= 1 ? eta.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture) : eta.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
