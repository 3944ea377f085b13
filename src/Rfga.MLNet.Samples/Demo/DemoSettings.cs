using System;

namespace Rfga.MLNet.Samples.Demo;

/// <summary>Settings of <c>rfga demo</c>, validated with errors that name the option.</summary>
public sealed record DemoSettings
{
    /// <summary>Output folder (data, overlays, results).</summary>
    public string Output { get; init; } = "rfga-demo";

    /// <summary>Number of classes of the synthetic set.</summary>
    public int Classes { get; init; } = 4;

    /// <summary>Training images.</summary>
    public int Train { get; init; } = 1200;

    /// <summary>Held-back test images.</summary>
    public int Test { get; init; } = 400;

    /// <summary>Image side in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Training epochs per network.</summary>
    public int Epochs { get; init; } = 12;

    /// <summary>Images per SGD step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Initial learning rate.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>MLContext seed (data, initialisation, shuffling).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of test images drawn as overlays.</summary>
    public int Overlays { get; init; } = 8;

    /// <summary>Throws naming the first option out of range (as the command-line flag).</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Output)) throw new ArgumentException("--out must name a folder.");
        Check(Classes, 2, 8, "--classes");
        Check(Train, 16, 100_000, "--train");
        Check(Test, 8, 100_000, "--test");
        Check(ImageSize, 32, 512, "--image-size");
        Check(Epochs, 1, 500, "--epochs");
        Check(BatchSize, 2, 512, "--batch-size");
        Check(Overlays, 0, 64, "--overlays");
        if (!(LearningRate > 0 && LearningRate <= 10)) throw new ArgumentException($"--lr must be in (0, 10]; got {LearningRate}.");
    }

    private static void Check(int value, int min, int max, string flag)
    {
        if (value < min || value > max) throw new ArgumentException($"{flag} must be in [{min}, {max}]; got {value}.");
    }
}
