using System;
using System.Globalization;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Which single τ the dataset mIoU is reported at: the first argmax of BoxAcc at an IoU threshold δ
/// (<see cref="Acc50"/>, the τ of the original MaxBoxAcc, by default) or the first argmax of mIoU itself.
/// </summary>
public sealed record MeanIouTauRule
{
    private MeanIouTauRule(double? delta) => Delta = delta;

    /// <summary>τ of the first maximum of BoxAcc at δ = 0.5 (the reference user's τ; default).</summary>
    public static MeanIouTauRule Acc50 { get; } = new(0.5);

    /// <summary>τ of the first maximum of the mIoU curve.</summary>
    public static MeanIouTauRule Max { get; } = new((double?)null);

    /// <summary>The IoU threshold δ whose optimal τ is used, as a fraction; null for <see cref="Max"/>.</summary>
    public double? Delta { get; }

    /// <summary>τ of the first maximum of BoxAcc at δ; δ is a fraction in (0, 1] and must be one of the evaluated thresholds.</summary>
    public static MeanIouTauRule AccDelta(double delta)
    {
        if (!(delta > 0.0 && delta <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "δ is a fraction in (0, 1].");
        }

        return new MeanIouTauRule(delta);
    }

    /// <summary>"acc@50", "acc@70", … or "max".</summary>
    public override string ToString() => Delta is double d
        ? string.Create(CultureInfo.InvariantCulture, $"acc@{Math.Round(d * 100.0):0}")
        : "max";
}
