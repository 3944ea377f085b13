using System;
using System.Collections.Generic;
using Rfga.MLNet.Common;

namespace Rfga.MLNet.Data;

/// <summary>
/// Generates the synthetic WSOL task: each class is a small discriminative part (shape, two-tone texture,
/// colour family) placed at a random spot inside a larger body whose position, size and aspect vary, drawn
/// over a cluttered background with distractor shapes. The body's palette is weakly class-correlated
/// (palette k is shared by classes k−1 and k), so a network can find the class from the part alone, and a
/// box around the part alone scores a low IoU with the ground truth, the object's tight box.
/// </summary>
/// <remarks>
/// Output is a pure function of the options: a fixed PRNG (SplitMix64), one stream per split, sample and
/// layer (object, background, distractors, noise), and exact integer/IEEE pixel tests, so the same seed
/// gives identical bytes on every platform, and switching clutter or noise off leaves the object unchanged.
/// Drawing order: background, distractors (the object may hide them), body, part, noise.
/// </remarks>
public static class SyntheticWsolGenerator
{
    /// <summary>Background colour when <see cref="SyntheticWsolOptions.ClutteredBackground"/> is false: black, which no body or part colour reaches.</summary>
    public static (byte R, byte G, byte B) FlatBackground => (0, 0, 0);

    /// <summary>Names of the first <paramref name="classCount"/> classes, e.g. <c>red-striped-triangle</c>; classCount in [1, <see cref="SyntheticWsolOptions.MaxClassCount"/>].</summary>
    public static IReadOnlyList<string> ClassNames(int classCount)
    {
        if (classCount < 1 || classCount > SyntheticWsolOptions.MaxClassCount)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"must be in [1, {SyntheticWsolOptions.MaxClassCount}]");
        var names = new string[classCount];
        for (int k = 0; k < classCount; k++) names[k] = SyntheticDesigns.Parts[k].Name;
        return names;
    }

    /// <summary>Validates <paramref name="options"/> and generates both splits.</summary>
    public static SyntheticWsolDataset Generate(SyntheticWsolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var frozen = options.Clone();
        var names = ClassNames(frozen.ClassCount);
        return new SyntheticWsolDataset(
            GenerateSplit(frozen, SplitTrain, frozen.TrainCount, names),
            GenerateSplit(frozen, SplitTest, frozen.TestCount, names),
            names);
    }

    internal const ulong SplitTrain = 0;
    internal const ulong SplitTest = 1;

    /// <summary>Largest part side (pixels) that fits every body the options can draw.</summary>
    internal static int LargestPartSide(SyntheticWsolOptions options)
    {
        int a = SyntheticSceneRenderer.MaxPartSide(options, options.ObjectScaleMin, options.AspectMin);
        int b = SyntheticSceneRenderer.MaxPartSide(options, options.ObjectScaleMin, options.AspectMax);
        return Math.Min(a, b);
    }

    private static WsolSample[] GenerateSplit(SyntheticWsolOptions options, ulong split, int count, IReadOnlyList<string> names)
    {
        ulong seed = unchecked((ulong)(long)options.Seed);
        var labels = BalancedLabels(count, options.ClassCount, SplitMix64.ForStream(seed, split, LabelStreamKey));
        var samples = new WsolSample[count];
        for (int i = 0; i < count; i++)
            samples[i] = SyntheticSceneRenderer.Render(options, seed, split, i, labels[i], names[labels[i]]);
        return samples;
    }

    private const ulong LabelStreamKey = ulong.MaxValue;

    /// <summary>i mod K for i &lt; count, Fisher–Yates shuffled: class counts differ by at most one.</summary>
    private static int[] BalancedLabels(int count, int classCount, SplitMix64 rng)
    {
        var labels = new int[count];
        for (int i = 0; i < count; i++) labels[i] = i % classCount;
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (labels[i], labels[j]) = (labels[j], labels[i]);
        }
        return labels;
    }
}
