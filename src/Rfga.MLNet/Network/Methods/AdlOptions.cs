using System;
using System.Globalization;

namespace Rfga.MLNet.Network;

/// <summary>
/// ADL settings (PAPER.md §7). Defaults are the original method's (ρ = 0.75, γ = 0.9). Positions are fixed per
/// backbone (see <see cref="WsolMethod.Adl"/> and docs/ARCHITECTURE.md): ResNet after layer3 block 0 and layer4's
/// first and last blocks (ResNet-50: layer4 blocks 0 and 2, the reference's); the tiny CNN after its layers 3 and 4.
/// </summary>
public sealed record AdlOptions
{
    /// <summary>ρ, the probability that a layer uses its drop mask (else its importance map) in a forward pass, in [0, 1]. Default 0.75.</summary>
    public double DropRate { get; init; } = 0.75;

    /// <summary>γ: the drop mask zeroes the positions whose channel mean is ≥ γ·max, in [0, 1]. Default 0.9.</summary>
    public double Threshold { get; init; } = 0.9;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(DropRate >= 0 && DropRate <= 1)) throw new ArgumentOutOfRangeException(nameof(DropRate), DropRate, "ADL DropRate must be in [0, 1]");
        if (!(Threshold >= 0 && Threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "ADL Threshold must be in [0, 1]");
    }

    /// <summary>The settings in invariant culture (part of the training fingerprint).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ADL {{ DropRate = {DropRate:R}, Threshold = {Threshold:R} }}");
}
