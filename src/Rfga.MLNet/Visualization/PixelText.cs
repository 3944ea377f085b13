using SkiaSharp;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// Draws <see cref="PixelFont"/> text on a SkiaSharp canvas as whole-pixel squares (no anti-aliasing, no system
/// font), so figures look the same on every machine and tests can find the ink.
/// </summary>
internal static class PixelText
{
    /// <summary>Width in pixels of <paramref name="text"/> at <paramref name="scale"/> (no trailing blank column).</summary>
    internal static int Width(string text, int scale) =>
        text.Length == 0 ? 0 : (text.Length * PixelFont.Advance - 1) * scale;

    /// <summary>Height in pixels of one line at <paramref name="scale"/>.</summary>
    internal static int Height(int scale) => PixelFont.GlyphHeight * scale;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>); characters past <paramref name="maxWidth"/> are dropped.</summary>
    internal static void Draw(SKCanvas canvas, string text, int x, int y, int scale, SKColor colour, int maxWidth = int.MaxValue)
    {
        using var paint = new SKPaint { Color = colour, IsAntialias = false, Style = SKPaintStyle.Fill };
        for (int i = 0; i < text.Length; i++)
        {
            int left = x + i * PixelFont.Advance * scale;
            if (left + PixelFont.GlyphWidth * scale - x > maxWidth) break;
            for (int gy = 0; gy < PixelFont.GlyphHeight; gy++)
                for (int gx = 0; gx < PixelFont.GlyphWidth; gx++)
                    if (PixelFont.Ink(text[i], gx, gy))
                        canvas.DrawRect(SKRect.Create(left + gx * scale, y + gy * scale, scale, scale), paint);
        }
    }

    /// <summary>Draws <paramref name="text"/> centred on <paramref name="centreX"/>.</summary>
    internal static void DrawCentred(SKCanvas canvas, string text, int centreX, int y, int scale, SKColor colour) =>
        Draw(canvas, text, centreX - Width(text, scale) / 2, y, scale, colour);

    /// <summary>Draws <paramref name="text"/> ending at <paramref name="right"/> (exclusive).</summary>
    internal static void DrawRightAligned(SKCanvas canvas, string text, int right, int y, int scale, SKColor colour) =>
        Draw(canvas, text, right - Width(text, scale), y, scale, colour);
}
