using System.Collections.Generic;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// A 3×5 bitmap font for captions: exact and identical everywhere (no system fonts, no anti-aliasing).
/// Letters are upper case (lower case maps to them), plus digits, common punctuation, τ and δ; unknown characters draw as '?'.
/// </summary>
internal static class PixelFont
{
    /// <summary>Glyph width in font pixels.</summary>
    internal const int GlyphWidth = 3;

    /// <summary>Glyph height in font pixels.</summary>
    internal const int GlyphHeight = 5;

    /// <summary>Horizontal advance per character in font pixels (glyph plus one blank column).</summary>
    internal const int Advance = GlyphWidth + 1;

    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['A'] = " # # ##### ## #", ['B'] = "## # ### # ### ", ['C'] = " ###  #  #   ##", ['D'] = "## # ## ## ### ",
        ['E'] = "####  ## #  ###", ['F'] = "####  ## #  #  ", ['G'] = " ###  # ## # ##", ['H'] = "# ## ##### ## #",
        ['I'] = "### #  #  # ###", ['J'] = "  #  #  ## # # ", ['K'] = "# ## ### # ## #", ['L'] = "#  #  #  #  ###",
        ['M'] = "# ######## ## #", ['N'] = "## # ## ## ## #", ['O'] = " # # ## ## # # ", ['P'] = "## # ### #  #  ",
        ['Q'] = " # # ## ###  ##", ['R'] = "## # ### # ## #", ['S'] = " ###   #   ### ", ['T'] = "### #  #  #  # ",
        ['U'] = "# ## ## ## ####", ['V'] = "# ## ## ## # # ", ['W'] = "# ## ######## #", ['X'] = "# ## # # # ## #",
        ['Y'] = "# ## # #  #  # ", ['Z'] = "###  # # #  ###", ['0'] = "#### ## ## ####", ['1'] = " # ##  #  # ###",
        ['2'] = "##   # # #  ###", ['3'] = "##   # #   ### ", ['4'] = "# ## ####  #  #", ['5'] = "####  ##   ### ",
        ['6'] = " ###  #### ####", ['7'] = "###  # #  #  # ", ['8'] = "#### ##### ####", ['9'] = "#### ####  ### ",
        [' '] = "               ", ['.'] = "             # ", [','] = "          # #  ", ['-'] = "      ###      ",
        [':'] = "    #     #    ", ['='] = "   ###   ###   ", ['%'] = "# #  # # #  # #", ['/'] = "  #  # # #  #  ",
        ['('] = " # #  #  #   # ", [')'] = " #   #  #  # # ", ['_'] = "            ###", ['+'] = "    # ### #    ",
        ['?'] = "##   # #     # ", ['['] = "## #  #  #  ## ", [']'] = " ##  #  #  # ##", ['<'] = "  # # #   #   #",
        ['>'] = "#   #   # # #  ", ['#'] = "# ##### ##### #", ['\''] = " #  #          ", ['τ'] = "### #  #  #   #",
        ['δ'] = " ## # # ## # # ", ['^'] = " # # #         ", ['*'] = "   # # # # #   ", ['|'] = " #  #  #  #  # ",
        ['!'] = " #  #  #     # ", ['&'] = " # # # # # # ##", [';'] = "    #     # #  ",
    };

    /// <summary>True when font pixel (<paramref name="gx"/>, <paramref name="gy"/>) of <paramref name="c"/>'s glyph is ink.</summary>
    internal static bool Ink(char c, int gx, int gy)
    {
        if (!Glyphs.TryGetValue(c, out var glyph) && !Glyphs.TryGetValue(char.ToUpperInvariant(c), out glyph)) glyph = Glyphs['?'];
        return glyph[gy * GlyphWidth + gx] == '#';
    }

    /// <summary>Draws <paramref name="text"/> into an RGB buffer at (<paramref name="x"/>, <paramref name="y"/>), each font pixel a <paramref name="scale"/>² block, clipped to <paramref name="maxX"/> (exclusive) and the buffer.</summary>
    internal static void Draw(byte[] rgb, int width, int height, string text, int x, int y, int scale, int maxX, (byte R, byte G, byte B) colour)
    {
        for (int i = 0; i < text.Length; i++)
        {
            int left = x + i * Advance * scale;
            if (left + GlyphWidth * scale > maxX) break;
            for (int gy = 0; gy < GlyphHeight; gy++)
                for (int gx = 0; gx < GlyphWidth; gx++)
                {
                    if (!Ink(text[i], gx, gy)) continue;
                    for (int dy = 0; dy < scale; dy++)
                        for (int dx = 0; dx < scale; dx++)
                        {
                            int px = left + gx * scale + dx, py = y + gy * scale + dy;
                            if ((uint)px >= (uint)width || (uint)py >= (uint)height) continue;
                            int o = (py * width + px) * 3;
                            rgb[o] = colour.R;
                            rgb[o + 1] = colour.G;
                            rgb[o + 2] = colour.B;
                        }
                }
        }
    }
}
