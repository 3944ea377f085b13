using System;
using System.Collections.Generic;
using System.Globalization;
using SkiaSharp;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// Draws BoxAcc against τ (PAPER.md Fig. 4): one anti-aliased line per <see cref="TauCurve"/>, τ ∈ [0, 1] across and
/// BoxAcc ∈ [0, 100] % up, grid every 0.1 and 10 %, each curve's optimal τ marked with a filled circle of the curve's
/// colour (radius <see cref="MarkerRadius"/>) and a dotted drop line, and a legend on the right giving τ* and the
/// maximum. Text uses the built-in pixel font. Drawn with SkiaSharp directly (ScottPlot 5 needs SkiaSharp 3, which
/// ML.NET's image stack does not accept; see docs/ARCHITECTURE.md).
/// </summary>
public static class TauCurvePlot
{
    /// <summary>Radius of the optimum marker, in pixels.</summary>
    public const int MarkerRadius = 6;

    /// <summary>Width of the curve lines, in pixels.</summary>
    public const float LineWidth = 2.5f;

    private const int LeftMargin = 76, TopMargin = 56, RightGap = 24, BottomMargin = 64;

    /// <summary>Background colour (white).</summary>
    public static (byte R, byte G, byte B) Background => (255, 255, 255);

    /// <summary>The palette used for curves without a colour, in order (Matplotlib's tab10).</summary>
    public static IReadOnlyList<(byte R, byte G, byte B)> Palette { get; } = Array.AsReadOnly(new (byte, byte, byte)[]
    {
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    });

    /// <summary>The plot area (axes frame) in pixels: left, top, right, bottom (right and bottom exclusive).</summary>
    public static (int Left, int Top, int Right, int Bottom) PlotArea(TauCurvePlotOptions? options = null)
    {
        options ??= new TauCurvePlotOptions();
        options.Validate();
        return (LeftMargin, TopMargin, options.Width - options.LegendWidth - RightGap, options.Height - BottomMargin);
    }

    /// <summary>The pixel (column, row) where the point (τ, BoxAcc %) is drawn, rounded to the nearest pixel.</summary>
    public static (int X, int Y) PixelOf(double tau, double boxAccuracy, TauCurvePlotOptions? options = null)
    {
        var (x, y) = Map(tau, boxAccuracy, PlotArea(options));
        return ((int)Math.Round(x), (int)Math.Round(y));
    }

    /// <summary>The colour curve <paramref name="index"/> of <paramref name="curves"/> is drawn in.</summary>
    public static (byte R, byte G, byte B) ColorOf(IReadOnlyList<TauCurve> curves, int index)
    {
        ArgumentNullException.ThrowIfNull(curves);
        return curves[index].Color ?? Palette[index % Palette.Count];
    }

    /// <summary>Renders the plot.</summary>
    /// <param name="curves">One or more curves, drawn in order (later ones on top).</param>
    /// <param name="options">Size and text; null for the defaults.</param>
    public static OverlayImage Render(IReadOnlyList<TauCurve> curves, TauCurvePlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("at least one curve is needed.", nameof(curves));
        for (int i = 0; i < curves.Count; i++)
            if (curves[i] is null) throw new ArgumentException($"{nameof(curves)}[{i}] is null.", nameof(curves));
        options ??= new TauCurvePlotOptions();
        var area = PlotArea(options);

        using var bitmap = CanvasImage.Create(options.Width, options.Height, ToSk(Background));
        using var canvas = new SKCanvas(bitmap);
        DrawAxes(canvas, area, options);
        using (var clip = new SKAutoCanvasRestore(canvas))
        {
            canvas.ClipRect(new SKRect(area.Left - MarkerRadius - 1, area.Top - MarkerRadius - 1, area.Right + MarkerRadius + 1, area.Bottom + 1));
            for (int i = 0; i < curves.Count; i++) DrawCurve(canvas, curves[i], ToSk(ColorOf(curves, i)), area);
            if (options.MarkOptimum)
                for (int i = 0; i < curves.Count; i++) DrawOptimum(canvas, curves[i], ToSk(ColorOf(curves, i)), area);
        }
        DrawLegend(canvas, curves, area, options);
        canvas.Flush();
        return CanvasImage.ToOverlay(bitmap);
    }

    /// <summary>Renders as <see cref="Render"/> and saves a PNG (temporary file, then move).</summary>
    public static void Save(string path, IReadOnlyList<TauCurve> curves, TauCurvePlotOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Render(curves, options).SavePng(path);
    }

    private static (double X, double Y) Map(double tau, double accuracy, (int Left, int Top, int Right, int Bottom) a) =>
        (a.Left + tau * (a.Right - 1 - a.Left), a.Bottom - 1 - accuracy / 100.0 * (a.Bottom - 1 - a.Top));

    private static SKColor ToSk((byte R, byte G, byte B) c) => new(c.R, c.G, c.B);

    private static void DrawAxes(SKCanvas canvas, (int Left, int Top, int Right, int Bottom) a, TauCurvePlotOptions options)
    {
        var ink = new SKColor(30, 30, 30);
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        using var frame = new SKPaint { Color = ink, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        for (int k = 0; k <= 10; k++)
        {
            var (x, _) = Map(k / 10.0, 0, a);
            var (_, y) = Map(0, k * 10.0, a);
            float px = (float)Math.Round(x) + 0.5f, py = (float)Math.Round(y) + 0.5f;
            canvas.DrawLine(px, a.Top, px, a.Bottom - 1, grid);
            canvas.DrawLine(a.Left, py, a.Right - 1, py, grid);
            canvas.DrawLine(px, a.Bottom, px, a.Bottom + 5, frame);
            canvas.DrawLine(a.Left - 6, py, a.Left - 1, py, frame);
            PixelText.DrawCentred(canvas, (k / 10.0).ToString("0.0", CultureInfo.InvariantCulture), (int)px, a.Bottom + 10, 2, ink);
            PixelText.DrawRightAligned(canvas, (k * 10).ToString(CultureInfo.InvariantCulture), a.Left - 10, (int)py - 5, 2, ink);
        }
        canvas.DrawRect(new SKRect(a.Left - 0.5f, a.Top - 0.5f, a.Right - 0.5f, a.Bottom - 0.5f), frame);
        PixelText.DrawCentred(canvas, options.XLabel, (a.Left + a.Right) / 2, a.Bottom + 32, 3, ink);
        PixelText.Draw(canvas, options.YLabel, 8, a.Top - 26, 2, ink);
        if (options.Title.Length > 0) PixelText.DrawCentred(canvas, options.Title, options.Width / 2, 12, 3, ink);
    }

    private static void DrawCurve(SKCanvas canvas, TauCurve curve, SKColor colour, (int Left, int Top, int Right, int Bottom) a)
    {
        using var paint = new SKPaint
        {
            Color = colour, StrokeWidth = LineWidth, IsAntialias = true, Style = SKPaintStyle.Stroke,
            StrokeJoin = SKStrokeJoin.Round, StrokeCap = SKStrokeCap.Round,
        };
        using var dash = curve.Dash > 0 ? SKPathEffect.CreateDash([curve.Dash, curve.Dash], 0) : null;
        paint.PathEffect = dash;
        using var path = new SKPath();
        for (int i = 0; i < curve.Taus.Count; i++)
        {
            var (x, y) = Map(curve.Taus[i], curve.BoxAccuracy[i], a);
            // +0.5: pixel (i, j) covers [i, i + 1) × [j, j + 1); PixelOf rounds to the pixel holding the point.
            if (i == 0) path.MoveTo((float)x + 0.5f, (float)y + 0.5f);
            else path.LineTo((float)x + 0.5f, (float)y + 0.5f);
        }
        if (curve.Taus.Count == 1)
        {
            var (x, y) = Map(curve.Taus[0], curve.BoxAccuracy[0], a);
            canvas.DrawPoint((float)x + 0.5f, (float)y + 0.5f, paint);
        }
        else
        {
            canvas.DrawPath(path, paint);
        }
    }

    private static void DrawOptimum(SKCanvas canvas, TauCurve curve, SKColor colour, (int Left, int Top, int Right, int Bottom) a)
    {
        var (x, y) = PixelCentre(curve.OptimalTau, curve.MaxBoxAccuracy, a);
        using var drop = new SKPaint { Color = colour, StrokeWidth = 1, IsAntialias = false, Style = SKPaintStyle.Stroke };
        using var dots = SKPathEffect.CreateDash([2, 3], 0);
        drop.PathEffect = dots;
        canvas.DrawLine(x, y + MarkerRadius + 2, x, a.Bottom - 1, drop);
        using var outline = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var fill = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawCircle(x, y, MarkerRadius + 1.5f, outline);
        canvas.DrawCircle(x, y, MarkerRadius, fill);
    }

    /// <summary>The centre of the pixel <see cref="PixelOf"/> names, so the marker's centre pixel is fully covered.</summary>
    private static (float X, float Y) PixelCentre(double tau, double accuracy, (int Left, int Top, int Right, int Bottom) a)
    {
        var (x, y) = Map(tau, accuracy, a);
        return ((float)Math.Round(x) + 0.5f, (float)Math.Round(y) + 0.5f);
    }

    private static void DrawLegend(SKCanvas canvas, IReadOnlyList<TauCurve> curves, (int Left, int Top, int Right, int Bottom) a, TauCurvePlotOptions options)
    {
        if (options.LegendWidth == 0) return;
        var ink = new SKColor(30, 30, 30);
        int left = a.Right + RightGap, top = a.Top, row = 0;
        int textWidth = options.LegendWidth - 44;
        for (int i = 0; i < curves.Count; i++)
        {
            var curve = curves[i];
            int y = top + row * 34;
            if (y + 28 > options.Height) break;
            using var paint = new SKPaint { Color = ToSk(ColorOf(curves, i)), StrokeWidth = LineWidth, IsAntialias = true, Style = SKPaintStyle.Stroke };
            using var dash = curve.Dash > 0 ? SKPathEffect.CreateDash([curve.Dash, curve.Dash], 0) : null;
            paint.PathEffect = dash;
            canvas.DrawLine(left, y + 5, left + 30, y + 5, paint);
            PixelText.Draw(canvas, curve.Label, left + 38, y, 2, ink, textWidth);
            string optimum = string.Create(CultureInfo.InvariantCulture, $"τ*={curve.OptimalTau:0.00}  MAX {curve.MaxBoxAccuracy:0.00}%");
            PixelText.Draw(canvas, optimum, left + 38, y + 14, 2, new SKColor(90, 90, 90), textWidth);
            row++;
        }
    }
}
