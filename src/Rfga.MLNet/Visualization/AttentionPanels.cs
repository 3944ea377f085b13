using System;
using System.Collections.Generic;
using System.Globalization;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// The attention figure of one image (PAPER.md Fig. 5), two rows of five labelled panels:
/// picture (e.g. the CAM overlay), z_c as a strip and bar chart over channels, z_h, z_w, M averaged over channels;
/// M of one chosen channel, X, A(X) = X ⊙ M, X̂ and the difference map D. Spatial panels show the channel mean,
/// min-max normalised (N), in the jet colours of <see cref="HeatmapColormap"/>, enlarged with nearest-neighbour
/// sampling; z_h (z_w) is repeated along the rows' (columns') other axis. D = N(N(mean_c X̂) − N(mean_c X))
/// (the PAPER.md §8 decision). A constant map shows as 0 (dark blue). Each caption gives the raw range before N.
/// </summary>
public static class AttentionPanels
{
    /// <summary>Default panel side in pixels.</summary>
    public const int DefaultPanelSize = 160;

    /// <summary>Panels per row.</summary>
    public const int Columns = 5;

    /// <summary>Gap between panels and around the figure, in pixels.</summary>
    public const int Gap = 8;

    /// <summary>Size of one font pixel, in output pixels.</summary>
    public const int TextScale = 2;

    /// <summary>Height of the two-line caption strip under each panel, and of the title strip.</summary>
    public const int CaptionHeight = 2 * PixelFont.GlyphHeight * TextScale + 3 * Gap;

    /// <summary>Colour of a panel whose tensor is absent (e.g. no attention module).</summary>
    public static (byte R, byte G, byte B) AbsentColor => (70, 70, 70);

    /// <summary>
    /// Composes the figure. <paramref name="channel"/> selects the channel of the "M of one channel" panel and is
    /// marked on the z_c strip; <paramref name="picture"/> (optional) fills the first panel, resized to the panel.
    /// </summary>
    /// <param name="maps">The intermediates of one image.</param>
    /// <param name="channel">A channel index in [0, C).</param>
    /// <param name="picture">The image or its CAM overlay, or null.</param>
    /// <param name="title">Text above the panels, or empty.</param>
    /// <param name="panelSize">Panel side in pixels, [32, 1024].</param>
    public static OverlayImage Compose(AttentionMaps maps, int channel, OverlayImage? picture = null, string title = "", int panelSize = DefaultPanelSize)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(title);
        if ((uint)channel >= (uint)maps.Channels) throw new ArgumentOutOfRangeException(nameof(channel), channel, $"must be in [0, {maps.Channels})");
        if (panelSize < 32 || panelSize > 1024) throw new ArgumentOutOfRangeException(nameof(panelSize), panelSize, "must be in [32, 1024]");
        var panels = Panels(maps, channel);
        bool hasTitle = title.Length > 0;
        var (width, height) = Size(panelSize, hasTitle);
        var rgb = new byte[width * height * 3];
        Fill(rgb, width, 0, 0, width, height, OverlayMontage.Background);
        if (hasTitle) PixelFont.Draw(rgb, width, height, title, Gap, Gap + Gap / 2, TextScale, width - Gap, OverlayMontage.CaptionColor);
        for (int k = 0; k < panels.Count; k++)
        {
            var (left, top) = PanelOrigin(k, panelSize, hasTitle);
            var p = panels[k];
            if (k == 0 && picture is not null) DrawPicture(rgb, width, left, top, panelSize, picture);
            else if (p.Values is null) Fill(rgb, width, left, top, panelSize, panelSize, AbsentColor);
            else if (p.IsStrip) DrawStrip(rgb, width, left, top, panelSize, p.Values, channel);
            else DrawMap(rgb, width, left, top, panelSize, p.Values, p.GridWidth, p.GridHeight);
            int captionTop = top + panelSize + Gap;
            PixelFont.Draw(rgb, width, height, p.Label, left, captionTop, TextScale, left + panelSize, OverlayMontage.CaptionColor);
            string range = k == 0 ? "" : p.Values is null ? "ABSENT" : Range(p.Min, p.Max);
            PixelFont.Draw(rgb, width, height, range, left, captionTop + PixelFont.GlyphHeight * TextScale + Gap, TextScale, left + panelSize, OverlayMontage.CaptionColor);
        }
        return new OverlayImage(rgb, width, height);
    }

    /// <summary>Composes as <see cref="Compose"/> and saves a PNG (temporary file, then move).</summary>
    public static void Save(string path, AttentionMaps maps, int channel, OverlayImage? picture = null, string title = "", int panelSize = DefaultPanelSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Compose(maps, channel, picture, title, panelSize).SavePng(path);
    }

    /// <summary>The channel whose map contributes most to a class's CAM: argmax_k w_k · mean(X̂_k) (first on ties).</summary>
    /// <param name="maps">The intermediates.</param>
    /// <param name="classifierWeights">The class's 1×1 classifier weights w_{y,k}, [C].</param>
    public static int StrongestChannel(AttentionMaps maps, IReadOnlyList<float> classifierWeights)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(classifierWeights);
        if (classifierWeights.Count != maps.Channels)
            throw new ArgumentException($"{classifierWeights.Count} weights for {maps.Channels} channels.", nameof(classifierWeights));
        int plane = maps.Height * maps.Width, best = 0;
        double bestValue = double.NegativeInfinity;
        for (int k = 0; k < maps.Channels; k++)
        {
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += maps.XHat[k * plane + i];
            double v = classifierWeights[k] * sum / plane;
            if (v > bestValue) (best, bestValue) = (k, v);
        }
        return best;
    }

    /// <summary>One panel's content: label, normalised values (null when absent), grid size and raw range.</summary>
    internal sealed record Panel(string Label, float[]? Values, int GridWidth, int GridHeight, double Min, double Max, bool IsStrip = false);

    /// <summary>The ten panels in figure order, values min-max normalised to [0, 1].</summary>
    internal static IReadOnlyList<Panel> Panels(AttentionMaps maps, int channel)
    {
        int c = maps.Channels, h = maps.Height, w = maps.Width;
        var meanX = ChannelMean(maps.X, c, h * w);
        var meanXHat = ChannelMean(maps.XHat, c, h * w);
        var list = new List<Panel>
        {
            new("IMAGE", null, 0, 0, 0, 0),
            Normalized($"Z_C (C={c})", maps.Zc, c, 1, strip: true),
            Normalized("Z_H", maps.Zh is null ? null : Repeat(ChannelMean(maps.Zh, c, h), h, w, alongRows: true), w, h),
            Normalized("Z_W", maps.Zw is null ? null : Repeat(ChannelMean(maps.Zw, c, w), h, w, alongRows: false), w, h),
            Normalized("M MEAN", maps.M is null ? null : ChannelMean(maps.M, c, h * w), w, h),
            Normalized($"M CH {channel}", maps.M is null ? null : maps.M.AsSpan(channel * h * w, h * w).ToArray(), w, h),
            Normalized("X", meanX, w, h),
            Normalized("A(X)", maps.M is null ? null : ChannelMean(Product(maps.X, maps.M), c, h * w), w, h),
            Normalized("X^", meanXHat, w, h),
        };
        var difference = new float[h * w];
        var nx = MinMax(meanX, out _, out _);
        var nxh = MinMax(meanXHat, out _, out _);
        for (int i = 0; i < difference.Length; i++) difference[i] = nxh[i] - nx[i];
        list.Add(Normalized("D", difference, w, h));
        return list;
    }

    /// <summary>Mean over the leading (channel) axis of a [C, n] array.</summary>
    internal static float[] ChannelMean(float[] values, int channels, int n)
    {
        var sum = new double[n];
        for (int k = 0; k < channels; k++)
            for (int i = 0; i < n; i++) sum[i] += values[k * n + i];
        var mean = new float[n];
        for (int i = 0; i < n; i++) mean[i] = (float)(sum[i] / channels);
        return mean;
    }

    /// <summary>(v − min) / (max − min); all zeros for a constant array.</summary>
    internal static float[] MinMax(float[] values, out double min, out double max)
    {
        min = double.PositiveInfinity;
        max = double.NegativeInfinity;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var result = new float[values.Length];
        double range = max - min;
        if (range > 0)
            for (int i = 0; i < values.Length; i++) result[i] = (float)Math.Clamp((values[i] - min) / range, 0.0, 1.0);
        return result;
    }

    /// <summary>Top-left corner of panel <paramref name="index"/> (row-major over <see cref="Columns"/> columns).</summary>
    internal static (int X, int Y) PanelOrigin(int index, int panelSize, bool hasTitle)
    {
        int row = index / Columns, column = index % Columns;
        int top = Gap + (hasTitle ? CaptionHeight / 2 + Gap : 0);
        return (Gap + column * (panelSize + Gap), top + row * (panelSize + CaptionHeight));
    }

    private static (int Width, int Height) Size(int panelSize, bool hasTitle)
    {
        var (_, lastTop) = PanelOrigin(Columns, panelSize, hasTitle);
        return (Gap + Columns * (panelSize + Gap), lastTop + panelSize + CaptionHeight);
    }

    private static Panel Normalized(string label, float[]? raw, int gridWidth, int gridHeight, bool strip = false)
    {
        if (raw is null) return new Panel(label, null, gridWidth, gridHeight, 0, 0, strip);
        var values = MinMax(raw, out double min, out double max);
        return new Panel(label, values, gridWidth, gridHeight, min, max, strip);
    }

    private static float[] Repeat(float[] vector, int h, int w, bool alongRows)
    {
        var map = new float[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) map[y * w + x] = alongRows ? vector[y] : vector[x];
        return map;
    }

    private static float[] Product(float[] a, float[] b)
    {
        var p = new float[a.Length];
        for (int i = 0; i < p.Length; i++) p[i] = a[i] * b[i];
        return p;
    }

    private static string Range(double min, double max) =>
        string.Create(CultureInfo.InvariantCulture, $"[{Short(min)},{Short(max)}]");

    private static string Short(double v) => Math.Abs(v) >= 1000 || (v != 0 && Math.Abs(v) < 0.001)
        ? v.ToString("0.0E+0", CultureInfo.InvariantCulture)
        : v.ToString(Math.Abs(v) >= 10 ? "0.0" : "0.000", CultureInfo.InvariantCulture);

    private static void DrawMap(byte[] rgb, int width, int left, int top, int size, float[] values, int gw, int gh)
    {
        for (int py = 0; py < size; py++)
        {
            int sy = (int)((long)py * gh / size);
            for (int px = 0; px < size; px++)
            {
                int sx = (int)((long)px * gw / size);
                Put(rgb, width, left + px, top + py, HeatmapColormap.Map(values[sy * gw + sx]));
            }
        }
    }

    /// <summary>z_c: a heat strip over channels in the top quarter, a bar per pixel column below, the chosen channel ticked in white.</summary>
    private static void DrawStrip(byte[] rgb, int width, int left, int top, int size, float[] values, int channel)
    {
        int c = values.Length, stripHeight = size / 4, barTop = top + stripHeight + 4, barBottom = top + size - 1;
        Fill(rgb, width, left, top, size, size, (40, 40, 48));
        for (int px = 0; px < size; px++)
        {
            int k0 = (int)((long)px * c / size), k1 = Math.Max(k0 + 1, (int)((long)(px + 1) * c / size));
            double sum = 0;
            for (int k = k0; k < k1; k++) sum += values[k];
            float v = (float)Math.Clamp(sum / (k1 - k0), 0.0, 1.0);
            var colour = HeatmapColormap.Map(v);
            for (int py = 0; py < stripHeight; py++) Put(rgb, width, left + px, top + py, colour);
            int barHeight = (int)Math.Round(v * (barBottom - barTop));
            for (int py = barBottom - barHeight; py <= barBottom; py++) Put(rgb, width, left + px, py, colour);
        }
        int tick = Math.Clamp((int)(((long)channel * size + size / 2) / c), 1, size - 2);
        for (int py = stripHeight; py < stripHeight + 4; py++)
            for (int dx = -1; dx <= 1; dx++) Put(rgb, width, left + tick + dx, top + py, (255, 255, 255));
    }

    private static void DrawPicture(byte[] rgb, int width, int left, int top, int size, OverlayImage picture)
    {
        for (int py = 0; py < size; py++)
        {
            int sy = (int)((long)py * picture.Height / size);
            for (int px = 0; px < size; px++)
                Put(rgb, width, left + px, top + py, picture[(int)((long)px * picture.Width / size), sy]);
        }
    }

    private static void Fill(byte[] rgb, int width, int left, int top, int w, int h, (byte R, byte G, byte B) colour)
    {
        for (int y = top; y < top + h; y++)
            for (int x = left; x < left + w; x++) Put(rgb, width, x, y, colour);
    }

    private static void Put(byte[] rgb, int width, int x, int y, (byte R, byte G, byte B) colour)
    {
        int o = (y * width + x) * 3;
        rgb[o] = colour.R;
        rgb[o + 1] = colour.G;
        rgb[o + 2] = colour.B;
    }
}
