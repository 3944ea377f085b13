using System;
using Rfga.MLNet.Imaging;

namespace Rfga.MLNet.Training;

/// <summary>The training recipe. Defaults are the paper's (PAPER.md §4) except where noted.</summary>
public sealed record TrainingSettings
{
    /// <summary>Passes over the training data (paper: 60).</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Images per SGD step (paper: 20). A trailing batch of one image is dropped.</summary>
    public int BatchSize { get; init; } = 20;

    /// <summary>Initial learning rate (paper: 0.01).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum (paper: 0.9).</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay (community default 1e-4; the paper is silent).</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Multiply the learning rate by <see cref="LearningRateDecay"/> every this many epochs (paper: 15).</summary>
    public int LearningRateStepEpochs { get; init; } = 15;

    /// <summary>Factor applied every <see cref="LearningRateStepEpochs"/> epochs (paper: 0.1).</summary>
    public double LearningRateDecay { get; init; } = 0.1;

    /// <summary>Training images are first resized to this square side, in pixels (paper: 600).</summary>
    public int ResizeSize { get; init; } = 600;

    /// <summary>Side of the random square crop taken from the resized image, in pixels (paper: 448).</summary>
    public int CropSize { get; init; } = 448;

    /// <summary>Test-time (and validation) input: images are resized to this square side, in pixels (paper: 448).</summary>
    public int TestSize { get; init; } = 448;

    /// <summary>Probability of a left-right flip, in [0, 1] (paper: 0.5).</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>Per-channel mean subtracted after scaling to [0, <see cref="PixelRange"/>], in <see cref="ChannelOrder"/> (ImageNet RGB).</summary>
    public float[] Mean { get; init; } = ImageNormalization.ImageNetMean;

    /// <summary>Per-channel standard deviation divided after mean subtraction, in <see cref="ChannelOrder"/> (ImageNet RGB).</summary>
    public float[] Std { get; init; } = ImageNormalization.ImageNetStd;

    /// <summary>Channel order of the network input (RGB; BGR for the CNTK ImageNet ResNet-18).</summary>
    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    /// <summary>The value a 255 pixel is scaled to before mean subtraction: 1 (x/255, default) or 255 (CNTK's raw 0..255).</summary>
    public float PixelRange { get; init; } = 1f;

    /// <summary>
    /// <see cref="ChannelOrder"/>, <see cref="PixelRange"/>, <see cref="Mean"/> and <see cref="Std"/> as one value. With
    /// <c>RfgaTrainerOptions.Pretrained</c> weights that expect another input (the CNTK ImageNet ResNet-18), the trainer
    /// uses theirs while these four are at their defaults.
    /// </summary>
    public InputPreprocessing Preprocessing => new(ChannelOrder, PixelRange, Mean, Std);

    /// <summary>A copy whose four preprocessing settings are <paramref name="input"/>'s.</summary>
    /// <param name="input">The input preprocessing to use.</param>
    public TrainingSettings WithPreprocessing(InputPreprocessing input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return this with { ChannelOrder = input.ChannelOrder, PixelRange = input.PixelRange, Mean = [.. input.Mean], Std = [.. input.Std] };
    }

    /// <summary>Seed of the shuffling and augmentation random stream.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Run a full garbage collection after every step so TorchSharp's finalizer-held native memory is released
    /// (notes/performance.md finding 1: ResNet-50 steps otherwise grow ~100 MB each and slow down 1.3×).
    /// </summary>
    public bool CollectNativeMemoryEveryStep { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "must be ≥ 1");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be ≥ 2 (BatchNorm needs two values per channel)");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be > 0 and finite");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "must be in [0, 1)");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be ≥ 0 and finite");
        if (LearningRateStepEpochs < 1) throw new ArgumentOutOfRangeException(nameof(LearningRateStepEpochs), LearningRateStepEpochs, "must be ≥ 1");
        if (!(LearningRateDecay > 0 && LearningRateDecay <= 1)) throw new ArgumentOutOfRangeException(nameof(LearningRateDecay), LearningRateDecay, "must be in (0, 1]");
        if (ResizeSize < 8) throw new ArgumentOutOfRangeException(nameof(ResizeSize), ResizeSize, "must be ≥ 8");
        if (CropSize < 8 || CropSize > ResizeSize) throw new ArgumentOutOfRangeException(nameof(CropSize), CropSize, $"must be in [8, ResizeSize = {ResizeSize}]");
        if (TestSize < 8) throw new ArgumentOutOfRangeException(nameof(TestSize), TestSize, "must be ≥ 8");
        if (!(FlipProbability >= 0 && FlipProbability <= 1)) throw new ArgumentOutOfRangeException(nameof(FlipProbability), FlipProbability, "must be in [0, 1]");
        if (Mean is not { Length: 3 }) throw new ArgumentOutOfRangeException(nameof(Mean), Mean?.Length, "needs 3 values (in ChannelOrder)");
        if (Std is not { Length: 3 } || Array.Exists(Std, s => !(s > 0))) throw new ArgumentOutOfRangeException(nameof(Std), Std?.Length, "needs 3 positive values (in ChannelOrder)");
        if (!Enum.IsDefined(ChannelOrder)) throw new ArgumentOutOfRangeException(nameof(ChannelOrder), ChannelOrder, "allowed: Rgb, Bgr");
        if (!(PixelRange > 0) || float.IsInfinity(PixelRange)) throw new ArgumentOutOfRangeException(nameof(PixelRange), PixelRange, "must be > 0 and finite");
    }

    /// <summary>The learning rate of 0-based epoch <paramref name="epoch"/> under the step schedule.</summary>
    public double LearningRateAt(int epoch) => LearningRate * Math.Pow(LearningRateDecay, epoch / LearningRateStepEpochs);
}
