using System;

namespace Rfga.MLNet.Visualization;

/// <summary>Size and text of a <see cref="TauCurvePlot"/>. The plot area depends on these alone, not on the curves.</summary>
public sealed class TauCurvePlotOptions
{
    /// <summary>Image width in pixels, [320, 4000]. Default 960.</summary>
    public int Width { get; set; } = 960;

    /// <summary>Image height in pixels, [240, 4000]. Default 540.</summary>
    public int Height { get; set; } = 540;

    /// <summary>Width of the legend column on the right, in pixels, [0, Width/2]. Default 300.</summary>
    public int LegendWidth { get; set; } = 300;

    /// <summary>Title above the plot (may be empty).</summary>
    public string Title { get; set; } = "";

    /// <summary>Label of the vertical axis. Default "BoxAcc (%)".</summary>
    public string YLabel { get; set; } = "BoxAcc (%)";

    /// <summary>Label of the horizontal axis. Default "τ".</summary>
    public string XLabel { get; set; } = "τ";

    /// <summary>Mark each curve's optimal τ with a filled circle and a dotted drop line. Default true.</summary>
    public bool MarkOptimum { get; set; } = true;

    /// <summary>Throws naming the first value out of range.</summary>
    public void Validate()
    {
        if (Width < 320 || Width > 4000) throw new ArgumentOutOfRangeException(nameof(Width), Width, "must be in [320, 4000]");
        if (Height < 240 || Height > 4000) throw new ArgumentOutOfRangeException(nameof(Height), Height, "must be in [240, 4000]");
        if (LegendWidth < 0 || LegendWidth > Width / 2) throw new ArgumentOutOfRangeException(nameof(LegendWidth), LegendWidth, $"must be in [0, {Width / 2}]");
        ArgumentNullException.ThrowIfNull(Title);
        ArgumentNullException.ThrowIfNull(YLabel);
        ArgumentNullException.ThrowIfNull(XLabel);
    }
}
