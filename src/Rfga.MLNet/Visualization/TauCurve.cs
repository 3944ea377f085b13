using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// One curve of a <see cref="TauCurvePlot"/> (PAPER.md Fig. 4): BoxAcc(τ, δ) in percent over an ascending τ grid,
/// with a label such as "RFGA w/ R δ=0.5". The optimum is the first (lowest) τ reaching the maximum, the tie rule
/// of MaxBoxAcc.
/// </summary>
public sealed class TauCurve
{
    /// <summary>Checks and keeps copies of the values.</summary>
    /// <param name="label">Legend text.</param>
    /// <param name="taus">τ values, strictly ascending, in [0, 1].</param>
    /// <param name="boxAccuracy">BoxAcc at each τ, in percent [0, 100], same length as <paramref name="taus"/>.</param>
    public TauCurve(string label, IReadOnlyList<double> taus, IReadOnlyList<double> boxAccuracy)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(taus);
        ArgumentNullException.ThrowIfNull(boxAccuracy);
        if (taus.Count == 0) throw new ArgumentException("a curve needs at least one point.", nameof(taus));
        if (taus.Count != boxAccuracy.Count)
            throw new ArgumentException($"{taus.Count} τ values but {boxAccuracy.Count} BoxAcc values.", nameof(boxAccuracy));
        var t = new double[taus.Count];
        var a = new double[taus.Count];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = taus[i];
            a[i] = boxAccuracy[i];
            if (!(t[i] >= 0 && t[i] <= 1)) throw new ArgumentOutOfRangeException(nameof(taus), t[i], $"τ at index {i} must be in [0, 1].");
            if (i > 0 && !(t[i] > t[i - 1])) throw new ArgumentException($"τ must be strictly ascending; index {i} has {t[i]} after {t[i - 1]}.", nameof(taus));
            if (!(a[i] >= 0 && a[i] <= 100)) throw new ArgumentOutOfRangeException(nameof(boxAccuracy), a[i], $"BoxAcc at index {i} must be in [0, 100] (percent).");
            if (a[i] > a[OptimalIndex]) OptimalIndex = i;
        }
        Label = label;
        Taus = Array.AsReadOnly(t);
        BoxAccuracy = Array.AsReadOnly(a);
    }

    /// <summary>Legend text.</summary>
    public string Label { get; }

    /// <summary>The τ grid, ascending.</summary>
    public IReadOnlyList<double> Taus { get; }

    /// <summary>BoxAcc at each τ, percent.</summary>
    public IReadOnlyList<double> BoxAccuracy { get; }

    /// <summary>Index of the first τ reaching the maximum BoxAcc.</summary>
    public int OptimalIndex { get; }

    /// <summary>The optimal τ, <c>Taus[OptimalIndex]</c>.</summary>
    public double OptimalTau => Taus[OptimalIndex];

    /// <summary>The maximum BoxAcc (MaxBoxAcc), percent.</summary>
    public double MaxBoxAccuracy => BoxAccuracy[OptimalIndex];

    /// <summary>Line colour, or null for the plot's palette colour of this curve's position.</summary>
    public (byte R, byte G, byte B)? Color { get; init; }

    /// <summary>Dash length in pixels (dashes and gaps alike); 0 (default) draws a solid line.</summary>
    public int Dash { get; init; }
}
