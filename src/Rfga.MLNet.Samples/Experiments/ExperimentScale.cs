using System;
using System.Globalization;
using Rfga.MLNet.Data;
using Rfga.MLNet.Network;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Training;
using Rfga.MLNet.Weights;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>
/// The training recipe an experiment runs at. <see cref="Paper"/> is PAPER.md §4 (ResNet-50, 600 → 448 crops, 60 epochs,
/// batch 20, lr 0.01 ×0.1 every 15 epochs). <see cref="Reduced"/> fits a whole table on a 2-core CPU: the tiny CNN,
/// 64-pixel inputs (resize 72, crop 64), 10 epochs, batch 32, lr 0.05 ×0.1 after two thirds of the epochs; every output
/// of a reduced run carries <see cref="Label"/> so it is never mistaken for the paper's setting.
/// </summary>
/// <param name="Name">"reduced" or "paper".</param>
/// <param name="Backbone">The backbone.</param>
/// <param name="Training">The recipe (epochs, batch, lr and schedule, resize, crop, test size).</param>
/// <param name="SyntheticImageSize">Side of generated synthetic images, pixels.</param>
/// <param name="Pretrained">The backbone's starting weights file given to --pretrained (a torchvision checkpoint), or null for random initialisation.</param>
internal sealed record ExperimentScale(string Name, BackboneKind Backbone, TrainingSettings Training, int SyntheticImageSize, string? Pretrained = null)
{
    /// <summary>The accepted --scale values.</summary>
    public static readonly string[] Names = ["reduced", "paper"];

    /// <summary>Epochs of the reduced scale (about 2 minutes per row on 1,200 synthetic images on 2 cores).</summary>
    public const int ReducedEpochs = 10;

    /// <summary>The reduced scale with <paramref name="epochs"/> epochs.</summary>
    public static ExperimentScale Reduced(int epochs = ReducedEpochs) => new("reduced", BackboneKind.Tiny, new TrainingSettings
    {
        Epochs = epochs, BatchSize = 32, LearningRate = 0.05, LearningRateStepEpochs = Math.Max(1, epochs * 2 / 3),
        ResizeSize = 72, CropSize = 64, TestSize = 64,
    }, SyntheticImageSize: 64);

    /// <summary>The paper's recipe (PAPER.md §4), optionally with fewer epochs (the schedule is then not the paper's).</summary>
    public static ExperimentScale Paper(int? epochs = null)
    {
        var training = new TrainingSettings();
        return new("paper", BackboneKind.ResNet50, epochs is int e ? training with { Epochs = e } : training, SyntheticImageSize: training.CropSize);
    }

    /// <summary>The scale named <paramref name="name"/> (--scale), with --epochs and --pretrained.</summary>
    public static ExperimentScale Parse(string name, int? epochs, string? pretrained) => (name switch
    {
        "reduced" => Reduced(epochs ?? ReducedEpochs),
        "paper" => Paper(epochs),
        _ => throw new ArgumentException($"--scale must be reduced or paper; got '{name}'."),
    }) with { Pretrained = pretrained is null or "none" ? null : pretrained };

    /// <summary>The starting weights for <see cref="RfgaTrainerOptions.Pretrained"/>; errors name --pretrained.</summary>
    public PretrainedWeights Weights()
    {
        var weights = Pretrained is null ? PretrainedWeights.None : PretrainedWeights.FromFile(Pretrained);
        try
        {
            weights.Validate(Backbone);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--pretrained {Pretrained} with --scale {Name} ({Backbone}): {e.Message.Split('\n')[0]}", e);
        }
        return weights;
    }

    /// <summary>True for the reduced scale.</summary>
    public bool IsReduced => Name == "reduced";

    /// <summary>The banner every output of the run carries.</summary>
    public string Label
    {
        get
        {
            if (IsReduced) return "REDUCED SCALE — not the paper's setting";
            bool shortened = Training.Epochs != new TrainingSettings().Epochs;
            if (!shortened && Pretrained is not null) return "Paper scale (PAPER.md §4 recipe)";
            return "Paper-scale network, " + (shortened ? "SHORTENED schedule" : "") + (shortened && Pretrained is null ? ", " : "")
                   + (Pretrained is null ? "NO ImageNet weights" : "") + " — not the paper's setting";
        }
    }

    /// <summary>One line describing the recipe.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{BackboneName(Backbone)}, input {Training.CropSize}×{Training.CropSize} (train: resize {Training.ResizeSize}, random crop {Training.CropSize}, flip; test: resize {Training.TestSize}), " +
        $"{Training.Epochs} epochs, batch {Training.BatchSize}, SGD lr {Training.LearningRate} ×{Training.LearningRateDecay} every {Training.LearningRateStepEpochs} epochs, " +
        $"momentum {Training.Momentum}, weight decay {Training.WeightDecay}; backbone weights: {Pretrained ?? "none (random initialisation)"}");

    /// <summary>The synthetic data set of this scale: 4 classes, 1,200 training and 400 test images (the demo's) unless overridden.</summary>
    public SyntheticWsolOptions Synthetic(int? train, int? test, int seed) => new()
    {
        ImageSize = SyntheticImageSize, ClassCount = 4, TrainCount = train ?? 1200, TestCount = test ?? 400, Seed = seed,
    };

    private static string BackboneName(BackboneKind kind) => kind switch
    {
        BackboneKind.Tiny => "tiny CNN backbone (4 conv layers, 128 channels, stride 4)",
        BackboneKind.ResNet50 => "ResNet-50 backbone (layer4 stride 1)",
        _ => kind.ToString(),
    };
}
