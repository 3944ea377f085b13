using System;
using System.Collections.Generic;
using System.Globalization;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>
/// Settings of <see cref="BoxAccuracyAccumulator"/>. The defaults are the RFGA paper's (§4.1): single contour,
/// δ ∈ {0.5, 0.6, 0.7, 0.8, 0.9}, τ every 0.01.
/// </summary>
public sealed class BoxAccuracyOptions
{
    /// <summary>The paper's IoU thresholds δ, as fractions.</summary>
    public static readonly IReadOnlyList<double> PaperIouThresholds = Array.AsReadOnly(new[] { 0.5, 0.6, 0.7, 0.8, 0.9 });

    /// <summary>MaxBoxAccV2's IoU thresholds δ (Choe et al., multi contour), as fractions.</summary>
    public static readonly IReadOnlyList<double> MaxBoxAccV2IouThresholds = Array.AsReadOnly(new[] { 0.3, 0.5, 0.7 });

    /// <summary>The reference's hard-coded GT resize length (<c>_RESIZE_LENGTH</c>).</summary>
    public const int ReferenceResizeLength = 224;

    private const double PercentTolerance = 1e-9;

    /// <summary>Spacing of the τ grid, in (0, 1]: 0.01 (default, 100 values) or 0.001 (the training pipeline's).</summary>
    public double ThresholdStep { get; set; } = ThresholdGrid.EvaluationStep;

    /// <summary>IoU thresholds δ as fractions in (0, 1], each a whole percent; an image is correct iff IoU ≥ percent/100.</summary>
    public IReadOnlyList<double> IouThresholds { get; set; } = PaperIouThresholds;

    /// <summary>Single (MaxBoxAcc, default) or multi (MaxBoxAccV2) contour boxes.</summary>
    public ContourMode ContourMode { get; set; } = ContourMode.Single;

    /// <summary>How GT boxes reach score-map pixels (default: resize to the map size).</summary>
    public GtResizeMode GtResizeMode { get; set; } = GtResizeMode.ScoreMap;

    /// <summary>Side of the square GT frame for <see cref="GtResizeMode.Fixed"/>, in pixels, at least 1 (default 224).</summary>
    public int FixedResizeLength { get; set; } = ReferenceResizeLength;

    /// <summary>The τ at which the dataset mIoU is reported (default <see cref="MeanIouTauRule.Acc50"/>).</summary>
    public MeanIouTauRule MeanIouTauRule { get; set; } = MeanIouTauRule.Acc50;

    /// <summary>Keep per-image GT boxes, best IoU and boxes at every τ (memory grows with images × τ).</summary>
    public bool KeepPerImageDetail { get; set; }

    /// <summary>
    /// An extra τ in [0, 1] at which GT-known Loc and Top-1 Loc are also reported (for example the τ a
    /// deployed model uses); it need not lie on the grid. Null (default): only at the optimal τ.
    /// </summary>
    public double? LocalizationTau { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option and its value.</summary>
    public void Validate() => GetIouThresholdPercents();

    /// <summary>A copy of these options (the accumulator keeps one so later edits do not affect it).</summary>
    public BoxAccuracyOptions Clone() => new()
    {
        ThresholdStep = ThresholdStep,
        IouThresholds = Array.AsReadOnly(ToArray(IouThresholds)),
        ContourMode = ContourMode,
        GtResizeMode = GtResizeMode,
        FixedResizeLength = FixedResizeLength,
        MeanIouTauRule = MeanIouTauRule,
        KeepPerImageDetail = KeepPerImageDetail,
        LocalizationTau = LocalizationTau,
    };

    // Validates every option; returns δ as integer percents, in the order given.
    internal int[] GetIouThresholdPercents()
    {
        if (!(ThresholdStep > 0.0 && ThresholdStep <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(ThresholdStep), ThresholdStep, "ThresholdStep must lie in (0, 1].");
        }

        if (!Enum.IsDefined(ContourMode))
        {
            throw new ArgumentOutOfRangeException(nameof(ContourMode), ContourMode, "Unknown ContourMode.");
        }

        if (!Enum.IsDefined(GtResizeMode))
        {
            throw new ArgumentOutOfRangeException(nameof(GtResizeMode), GtResizeMode, "Unknown GtResizeMode.");
        }

        if (LocalizationTau is double tau && !(tau >= 0.0 && tau <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(LocalizationTau), tau, "LocalizationTau must lie in [0, 1].");
        }

        if (FixedResizeLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(FixedResizeLength), FixedResizeLength, "FixedResizeLength must be at least 1.");
        }

        if (IouThresholds is null || IouThresholds.Count == 0)
        {
            throw new ArgumentException("IouThresholds must hold at least one δ.", nameof(IouThresholds));
        }

        var percents = new int[IouThresholds.Count];
        for (int i = 0; i < percents.Length; i++)
        {
            percents[i] = ToPercent(IouThresholds[i], string.Create(CultureInfo.InvariantCulture, $"IouThresholds[{i}]"));
            if (Array.IndexOf(percents, percents[i], 0, i) >= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"IouThresholds[{i}] = {IouThresholds[i]:R} repeats an earlier δ."),
                    nameof(IouThresholds));
            }
        }

        if (MeanIouTauRule is null)
        {
            throw new ArgumentNullException(nameof(MeanIouTauRule));
        }

        if (MeanIouTauRule.Delta is double delta
            && Array.IndexOf(percents, ToPercent(delta, nameof(MeanIouTauRule))) < 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"MeanIouTauRule {MeanIouTauRule} needs δ = {delta:R} among IouThresholds."),
                nameof(MeanIouTauRule));
        }

        return percents;
    }

    // δ fraction → integer percent; the correctness test is IoU >= percent / 100.0 as the reference.
    internal static int ToPercent(double fraction, string optionName)
    {
        double scaled = fraction * 100.0;
        double percent = Math.Round(scaled);
        if (double.IsNaN(fraction) || Math.Abs(scaled - percent) > PercentTolerance || percent <= 0 || percent > 100)
        {
            throw new ArgumentOutOfRangeException(optionName, fraction,
                $"{optionName} must be a whole percent in (0, 1], such as 0.5 or 0.7.");
        }

        return (int)percent;
    }

    private static double[] ToArray(IReadOnlyList<double>? values)
    {
        if (values is null)
        {
            return Array.Empty<double>();
        }

        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i];
        }

        return copy;
    }
}
