using System;
using System.Globalization;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>
/// Which τ an overlay's predicted box is drawn at (PAPER.md §8 Fig. 3): <c>best</c> = each image's own best τ (the τ
/// with the largest IoU, the paper's "optimal τ"; images without boxes fall back to the model's), <c>dataset</c> = the
/// data set's τ* of δ = 0.5, <c>model</c> = the τ stored in the model (its box as written by localize), or a number in [0, 1).
/// </summary>
internal sealed record TauChoice(string Kind, double Value)
{
    /// <summary>The help text of a <c>--tau</c> option.</summary>
    public const string Help =
        "τ of the drawn predicted box: best (each image's best-IoU τ, the paper's Fig. 3; default), dataset (τ* of δ=0.5 " +
        "over the evaluated images), model (the τ stored in the model) or a number in [0, 1).";

    /// <summary>Parses <paramref name="text"/>; throws an <see cref="ArgumentException"/> naming the option.</summary>
    public static TauChoice Parse(string text)
    {
        switch (text)
        {
            case "best":
            case "dataset":
            case "model":
                return new TauChoice(text, double.NaN);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && v < 1)
            return new TauChoice("value", v);
        throw new ArgumentException($"--tau must be best, dataset, model or a number in [0, 1); got '{text}'.");
    }
}
