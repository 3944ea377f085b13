using System;
using System.Globalization;

namespace Rfga.MLNet.Network;

/// <summary>Hide-and-Seek settings (PAPER.md §7). Defaults are the original method's.</summary>
public sealed record HasOptions
{
    /// <summary>Divisor of the automatic patch side: S = crop side / 7 (32 px at 224, the original; 64 px at 448, PAPER.md §7).</summary>
    public const int AutoGridDivisor = 7;

    /// <summary>Patch side S in pixels of the training crop, ≥ 1; null = crop side / <see cref="AutoGridDivisor"/> (at least 1).</summary>
    public int? GridSize { get; init; }

    /// <summary>Probability that each patch is hidden, in [0, 1]. Default 0.5.</summary>
    public double HideProbability { get; init; } = 0.5;

    /// <summary>
    /// Value written into hidden pixels, in normalised units (all channels). Default 0: the mean pixel after mean
    /// subtraction, as the original fills with the data set's mean colour.
    /// </summary>
    public double Fill { get; init; }

    /// <summary>S for a crop of <paramref name="cropSide"/> pixels.</summary>
    /// <param name="cropSide">The side of the (square) training crop, pixels.</param>
    public int GridSizeFor(int cropSide) => GridSize ?? Math.Max(1, cropSide / AutoGridDivisor);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (GridSize is < 1) throw new ArgumentOutOfRangeException(nameof(GridSize), GridSize, "HaS GridSize must be ≥ 1 pixel (or null for crop/7)");
        if (!(HideProbability >= 0 && HideProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(HideProbability), HideProbability, "HaS HideProbability must be in [0, 1]");
        if (!double.IsFinite(Fill)) throw new ArgumentOutOfRangeException(nameof(Fill), Fill, "HaS Fill must be finite");
    }

    /// <summary>The settings in invariant culture (part of the training fingerprint).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"HaS {{ GridSize = {(GridSize is int s ? s.ToString(CultureInfo.InvariantCulture) : "crop/7")}, HideProbability = {HideProbability:R}, Fill = {Fill:R} }}");
}
