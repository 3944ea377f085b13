using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// Puts several pictures (e.g. <see cref="OverlayRenderer"/> overlays) in a row on a dark background, each with
/// a caption strip below it in a built-in 3×5 pixel font (exact on every machine; upper-case letters, digits,
/// punctuation, τ, δ). Captions longer than their panel are cut.
/// </summary>
public static class OverlayMontage
{
    /// <summary>Gap between panels and around the row, in pixels.</summary>
    public const int Gap = 4;

    /// <summary>Size of one caption font pixel, in output pixels.</summary>
    public const int CaptionScale = 2;

    /// <summary>Height of the caption strip below each panel, in pixels.</summary>
    public const int CaptionHeight = PixelFont.GlyphHeight * CaptionScale + 2 * Gap;

    /// <summary>Background colour.</summary>
    public static (byte R, byte G, byte B) Background => (24, 24, 24);

    /// <summary>Caption text colour.</summary>
    public static (byte R, byte G, byte B) CaptionColor => (235, 235, 235);

    /// <summary>
    /// Composes the panels left to right, top-aligned; panel k's top-left corner is at
    /// (<see cref="Gap"/> + Σ_{j&lt;k}(W_j + <see cref="Gap"/>), <see cref="Gap"/>). <paramref name="captions"/>, if given, has one entry per panel.
    /// </summary>
    public static OverlayImage Compose(IReadOnlyList<OverlayImage> panels, IReadOnlyList<string>? captions = null)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("at least one panel is needed.", nameof(panels));
        if (captions is not null && captions.Count != panels.Count)
            throw new ArgumentException($"{captions.Count} captions for {panels.Count} panels.", nameof(captions));
        int width = Gap, maxHeight = 0;
        for (int k = 0; k < panels.Count; k++)
        {
            var p = panels[k] ?? throw new ArgumentException($"{nameof(panels)}[{k}] is null.", nameof(panels));
            width += p.Width + Gap;
            maxHeight = Math.Max(maxHeight, p.Height);
        }
        int height = Gap + maxHeight + (captions is null ? Gap : CaptionHeight);
        var rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = Background.R;
            rgb[i + 1] = Background.G;
            rgb[i + 2] = Background.B;
        }
        int left = Gap;
        for (int k = 0; k < panels.Count; k++)
        {
            var p = panels[k];
            for (int y = 0; y < p.Height; y++)
                Array.Copy(p.Rgb, y * p.Width * 3, rgb, ((Gap + y) * width + left) * 3, p.Width * 3);
            if (captions is not null && !string.IsNullOrEmpty(captions[k]))
                PixelFont.Draw(rgb, width, height, captions[k], left, Gap + maxHeight + Gap, CaptionScale, left + p.Width, CaptionColor);
            left += p.Width + Gap;
        }
        return new OverlayImage(rgb, width, height);
    }

    /// <summary>Composes as <see cref="Compose"/> and saves a PNG (temporary file, then move).</summary>
    public static void Save(string path, IReadOnlyList<OverlayImage> panels, IReadOnlyList<string>? captions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Compose(panels, captions).SavePng(path);
    }
}
