using System.Collections.Generic;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>One method's BoxAcc(τ) curves: the τ grid and, per δ, BoxAcc (%) at each τ.</summary>
/// <param name="Name">Method name for the legend.</param>
/// <param name="Taus">The τ grid, ascending.</param>
/// <param name="Curves">BoxAcc curves keyed by δ (a fraction such as 0.5), in δ order.</param>
internal sealed record MethodCurves(string Name, IReadOnlyList<double> Taus, IReadOnlyList<KeyValuePair<double, IReadOnlyList<double>>> Curves);
