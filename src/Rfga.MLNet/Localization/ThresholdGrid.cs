using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The score-map thresholds τ of the box metrics, as numpy's <c>np.arange(0, 1, step)</c>:
/// n = ⌈1/step⌉ values τ_i = i·step (a float64 product, not i/n).
/// </summary>
public sealed class ThresholdGrid : IReadOnlyList<double>
{
    /// <summary>Step of the reference's evaluation command line (100 thresholds).</summary>
    public const double EvaluationStep = 0.01;

    /// <summary>Step of the reference's training pipeline and <c>evaluate_wsol</c> (1000 thresholds).</summary>
    public const double TrainingStep = 0.001;

    private readonly double[] _values;

    /// <summary>Creates the grid 0, step, 2·step, … below 1.</summary>
    /// <param name="step">Spacing of the thresholds, in (0, 1].</param>
    public ThresholdGrid(double step)
    {
        if (!(step > 0.0 && step <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "The threshold step must lie in (0, 1].");
        }

        // numpy's arange length is ceil((stop - start) / step) in float64: 100 for 0.01, 1000 for 0.001.
        int count = (int)Math.Ceiling(1.0 / step);
        // Guard the τ < 1 invariant; numpy never yields a value >= 1 for the steps checked (0.001..1).
        while (count > 1 && (count - 1) * step >= 1.0)
        {
            count--;
        }

        _values = new double[count];
        for (int i = 0; i < count; i++)
        {
            _values[i] = i * step;
        }

        Step = step;
    }

    /// <summary>The grid of the reference's evaluation command line, step 0.01.</summary>
    public static ThresholdGrid Default { get; } = new(EvaluationStep);

    /// <summary>Spacing of the thresholds.</summary>
    public double Step { get; }

    /// <summary>Number of thresholds, ⌈1/step⌉.</summary>
    public int Count => _values.Length;

    /// <summary>τ_i = i·step.</summary>
    public double this[int index] => _values[index];

    /// <summary>The thresholds as a span, lowest first.</summary>
    public ReadOnlySpan<double> AsSpan() => _values;

    /// <inheritdoc />
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    // A validated copy of a τ list for the sweeps: non-empty, every τ in [0, 1].
    internal static double[] CopyValidated(IReadOnlyList<double> taus, string paramName)
    {
        ArgumentNullException.ThrowIfNull(taus, paramName);
        if (taus.Count == 0)
        {
            throw new ArgumentException("At least one threshold τ is needed.", paramName);
        }

        var copy = new double[taus.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            double tau = taus[i];
            if (!(tau >= 0.0 && tau <= 1.0))
            {
                throw new ArgumentOutOfRangeException(paramName, tau,
                    string.Create(CultureInfo.InvariantCulture, $"taus[{i}] = {tau:R}; thresholds must lie in [0, 1]."));
            }

            copy[i] = tau;
        }

        return copy;
    }

    // Throws unless a per-τ box buffer has room for every threshold.
    internal static void CheckDestination(int length, int tauCount)
    {
        if (length < tauCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The box buffer holds {length} boxes but there are {tauCount} thresholds."),
                "boxes");
        }
    }

    /// <summary>The grid as "ThresholdGrid(step, count)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ThresholdGrid(step {Step:R}, {Count} values)");
}
