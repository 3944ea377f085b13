using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// A grid of pictures (PAPER.md Fig. 3: one row per image, one column per method) on a dark background: column
/// titles on top, an optional caption under each cell, every cell in a slot as large as the largest cell and
/// aligned to the slot's top-left corner. Text uses the built-in pixel font at <see cref="TextScale"/>.
/// </summary>
public static class OverlayGrid
{
    /// <summary>Gap between slots and around the grid, in pixels.</summary>
    public const int Gap = 6;

    /// <summary>Size of one font pixel, in output pixels.</summary>
    public const int TextScale = 2;

    /// <summary>Height of the title strip (when titles are given) and of each caption strip, in pixels.</summary>
    public const int TextStripHeight = PixelFont.GlyphHeight * TextScale + 2 * Gap;

    /// <summary>Background colour.</summary>
    public static (byte R, byte G, byte B) Background => OverlayMontage.Background;

    /// <summary>Text colour.</summary>
    public static (byte R, byte G, byte B) TextColor => OverlayMontage.CaptionColor;

    /// <summary>
    /// Composes <paramref name="cells"/> (rows of equal length). Cell (r, c) has its top-left corner at
    /// (<see cref="Gap"/> + c·(slotWidth + <see cref="Gap"/>), top + r·(slotHeight + caption + <see cref="Gap"/>)),
    /// where top = <see cref="Gap"/> (+ <see cref="TextStripHeight"/> with titles) and caption =
    /// <see cref="TextStripHeight"/> with captions, else 0.
    /// </summary>
    /// <param name="cells">Rows of pictures; every row has the same number of cells.</param>
    /// <param name="columnTitles">One title per column, or null.</param>
    /// <param name="captions">Rows of captions shaped like <paramref name="cells"/>, or null.</param>
    public static OverlayImage Compose(IReadOnlyList<IReadOnlyList<OverlayImage>> cells, IReadOnlyList<string>? columnTitles = null,
        IReadOnlyList<IReadOnlyList<string>>? captions = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count == 0 || cells[0] is null || cells[0].Count == 0) throw new ArgumentException("at least one row with one cell is needed.", nameof(cells));
        int columns = cells[0].Count, slotW = 1, slotH = 1;
        for (int r = 0; r < cells.Count; r++)
        {
            if (cells[r] is null || cells[r].Count != columns)
                throw new ArgumentException($"row {r} has {cells[r]?.Count ?? 0} cells; row 0 has {columns}.", nameof(cells));
            for (int c = 0; c < columns; c++)
            {
                var cell = cells[r][c] ?? throw new ArgumentException($"cell ({r}, {c}) is null.", nameof(cells));
                slotW = Math.Max(slotW, cell.Width);
                slotH = Math.Max(slotH, cell.Height);
            }
        }
        if (columnTitles is not null && columnTitles.Count != columns)
            throw new ArgumentException($"{columnTitles.Count} titles for {columns} columns.", nameof(columnTitles));
        if (captions is not null)
        {
            if (captions.Count != cells.Count) throw new ArgumentException($"{captions.Count} caption rows for {cells.Count} rows.", nameof(captions));
            for (int r = 0; r < captions.Count; r++)
                if (captions[r] is null || captions[r].Count != columns)
                    throw new ArgumentException($"caption row {r} has {captions[r]?.Count ?? 0} entries; expected {columns}.", nameof(captions));
        }

        int top = Gap + (columnTitles is null ? 0 : TextStripHeight);
        int caption = captions is null ? 0 : TextStripHeight;
        int width = Gap + columns * (slotW + Gap);
        int height = top + cells.Count * (slotH + caption + Gap);
        var rgb = new byte[width * height * 3];
        for (int i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = Background.R;
            rgb[i + 1] = Background.G;
            rgb[i + 2] = Background.B;
        }
        for (int c = 0; c < columns; c++)
        {
            int left = Gap + c * (slotW + Gap);
            if (columnTitles is not null && !string.IsNullOrEmpty(columnTitles[c]))
                PixelFont.Draw(rgb, width, height, columnTitles[c], left, Gap + Gap / 2, TextScale, left + slotW, TextColor);
            for (int r = 0; r < cells.Count; r++)
            {
                var cell = cells[r][c];
                int y0 = top + r * (slotH + caption + Gap);
                for (int y = 0; y < cell.Height; y++)
                    Array.Copy(cell.Rgb, y * cell.Width * 3, rgb, ((y0 + y) * width + left) * 3, cell.Width * 3);
                if (captions is not null && !string.IsNullOrEmpty(captions[r][c]))
                    PixelFont.Draw(rgb, width, height, captions[r][c], left, y0 + slotH + Gap, TextScale, left + slotW, TextColor);
            }
        }
        return new OverlayImage(rgb, width, height);
    }

    /// <summary>Composes as <see cref="Compose"/> and saves a PNG (temporary file, then move).</summary>
    public static void Save(string path, IReadOnlyList<IReadOnlyList<OverlayImage>> cells, IReadOnlyList<string>? columnTitles = null,
        IReadOnlyList<IReadOnlyList<string>>? captions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Compose(cells, columnTitles, captions).SavePng(path);
    }
}
