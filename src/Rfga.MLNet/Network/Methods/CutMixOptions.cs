using System;
using System.Globalization;

namespace Rfga.MLNet.Network;

/// <summary>CutMix settings (PAPER.md §7). Defaults are the original method's (β = 1, every batch).</summary>
public sealed record CutMixOptions
{
    /// <summary>β of the Beta(β, β) distribution of the mixing ratio λ, &gt; 0. Default 1 (λ uniform).</summary>
    public double Beta { get; init; } = 1;

    /// <summary>Probability that a batch is mixed, in [0, 1]. Default 1.</summary>
    public double Probability { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Beta > 0) || double.IsInfinity(Beta)) throw new ArgumentOutOfRangeException(nameof(Beta), Beta, "CutMix Beta must be > 0 and finite");
        if (!(Probability >= 0 && Probability <= 1)) throw new ArgumentOutOfRangeException(nameof(Probability), Probability, "CutMix Probability must be in [0, 1]");
    }

    /// <summary>The settings in invariant culture (part of the training fingerprint).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"CutMix {{ Beta = {Beta:R}, Probability = {Probability:R} }}");
}
