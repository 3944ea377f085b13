using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>
/// The Fig. 4 kind: BoxAcc against τ, one colour per method and one dash pattern per δ (solid for the first), each
/// optimum marked; or, with <c>meanOverDelta</c>, one curve per method: the mean of its curves over δ (the PAPER.md §8 option).
/// </summary>
internal static class TauCurveFigure
{
    /// <summary>The curves of an evaluation.</summary>
    public static MethodCurves FromResult(string name, BoxAccuracyResult result) => new(name, result.Taus,
        result.PerDelta.Select(d => new KeyValuePair<double, IReadOnlyList<double>>(d.Delta, d.BoxAccuracyCurve)).ToList());

    /// <summary>Plot curves for <paramref name="deltas"/> of every method (or their mean); errors name a missing δ.</summary>
    public static List<TauCurve> Curves(IReadOnlyList<MethodCurves> methods, IReadOnlyList<double> deltas, bool meanOverDelta)
    {
        if (methods.Count == 0) throw new ArgumentException("no method to plot.");
        var curves = new List<TauCurve>();
        for (int m = 0; m < methods.Count; m++)
        {
            var method = methods[m];
            var colour = TauCurvePlot.Palette[m % TauCurvePlot.Palette.Count];
            if (meanOverDelta)
            {
                var mean = new double[method.Taus.Count];
                foreach (var (_, curve) in method.Curves)
                    for (int i = 0; i < mean.Length; i++) mean[i] += curve[i] / method.Curves.Count;
                curves.Add(new TauCurve($"{method.Name} MEAN δ", method.Taus, mean) { Color = colour });
                continue;
            }
            for (int d = 0; d < deltas.Count; d++)
            {
                var match = method.Curves.Where(kv => Math.Abs(kv.Key - deltas[d]) < 1e-9).ToList();
                if (match.Count == 0)
                    throw new ArgumentException($"method '{method.Name}' has no curve for δ={F(deltas[d])} (it has {string.Join(", ", method.Curves.Select(kv => F(kv.Key)))}).");
                curves.Add(new TauCurve($"{method.Name} δ={F(deltas[d])}", method.Taus, match[0].Value) { Color = colour, Dash = d == 0 ? 0 : 2 + 3 * d });
            }
        }
        return curves;
    }

    private static string F(double v) => v.ToString("0.0##", CultureInfo.InvariantCulture);
}
