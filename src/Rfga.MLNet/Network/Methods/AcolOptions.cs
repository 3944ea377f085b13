using System;
using System.Globalization;

namespace Rfga.MLNet.Network;

/// <summary>ACoL settings (PAPER.md §7). Defaults are the reference implementation's.</summary>
public sealed record AcolOptions
{
    /// <summary>
    /// Erasing threshold δ_e: head B sees the features zeroed where head A's min-max normalised map of the class is
    /// ≥ this, in [0, 1]. Default 0.7.
    /// </summary>
    public double ErasingThreshold { get; init; } = 0.7;

    /// <summary>
    /// Channels of each head's two 3×3 convolutions, ≥ 1; null = C/2 of the backbone's C (1024 for ResNet-50's 2048, the
    /// reference's; 256 for ResNet-18, 64 for the tiny CNN).
    /// </summary>
    public int? HeadWidth { get; init; }

    /// <summary>The head width on a backbone with <paramref name="channels"/> output channels.</summary>
    /// <param name="channels">C, the backbone's output channels.</param>
    public long HeadWidthFor(long channels) => HeadWidth ?? Math.Max(1, channels / 2);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(ErasingThreshold >= 0 && ErasingThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(ErasingThreshold), ErasingThreshold, "ACoL ErasingThreshold must be in [0, 1]");
        if (HeadWidth is < 1) throw new ArgumentOutOfRangeException(nameof(HeadWidth), HeadWidth, "ACoL HeadWidth must be ≥ 1 (or null for C/2)");
    }

    /// <summary>The settings in invariant culture (part of the training fingerprint).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"ACoL {{ ErasingThreshold = {ErasingThreshold:R}, HeadWidth = {(HeadWidth is int w ? w.ToString(CultureInfo.InvariantCulture) : "C/2")} }}");
}
