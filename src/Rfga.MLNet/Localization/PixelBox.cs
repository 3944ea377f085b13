using System;
using System.Globalization;

namespace Rfga.MLNet.Localization;

/// <summary>
/// An axis-aligned box with inclusive pixel corners (x0, y0, x1, y1): x is the column, y the row, and a
/// box with x0 = x1 and y0 = y1 covers one pixel (the reference's x0y0x1y1 convention).
/// </summary>
/// <param name="X0">Left column, inclusive.</param>
/// <param name="Y0">Top row, inclusive.</param>
/// <param name="X1">Right column, inclusive.</param>
/// <param name="Y1">Bottom row, inclusive.</param>
public readonly record struct PixelBox(int X0, int Y0, int X1, int Y1)
{
    /// <summary>Width in pixels, x1 − x0 + 1.</summary>
    public long Width => (long)X1 - X0 + 1;

    /// <summary>Height in pixels, y1 − y0 + 1.</summary>
    public long Height => (long)Y1 - Y0 + 1;

    /// <summary>Area in pixels, (x1 − x0 + 1)·(y1 − y0 + 1).</summary>
    public long Area => Width * Height;

    /// <summary>True when the coordinates are non-negative, x0 ≤ x1 and y0 ≤ y1.</summary>
    public bool IsValid => X0 >= 0 && Y0 >= 0 && X0 <= X1 && Y0 <= Y1;

    /// <summary>
    /// Intersection over union of two inclusive boxes, as the reference: intersection and areas in
    /// integers, one float64 division; 0 when the denominator is not positive.
    /// </summary>
    public static double Iou(PixelBox a, PixelBox b)
    {
        long interW = Math.Max(0L, (long)Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0) + 1);
        long interH = Math.Max(0L, (long)Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0) + 1);
        long inter = interW * interH;
        long denominator = a.Area + b.Area - inter;
        return denominator <= 0 ? 0.0 : inter / (double)denominator;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming this box unless <see cref="IsValid"/>.</summary>
    /// <param name="paramName">The argument the box came from, for the message.</param>
    public void Validate(string paramName)
    {
        if (!IsValid)
        {
            throw new ArgumentException(
                $"Box {this} is invalid: expected x0y0x1y1 with non-negative coordinates, x0 <= x1 and y0 <= y1.",
                paramName);
        }
    }

    /// <summary>The box as "(x0, y0, x1, y1)".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"({X0}, {Y0}, {X1}, {Y1})");
}
