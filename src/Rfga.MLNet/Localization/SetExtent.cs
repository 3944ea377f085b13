using System;
using System.Runtime.CompilerServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// What the contour rules need of one set of a sweep over a <see cref="LevelGrid"/>: its first and last raster pixel
/// (padded indices; their rows are the top and bottom rows), its padded columns and its 2×2-window area in halves
/// (2 per window with 4 members, 1 per window with 3). Shared by <see cref="ComponentForest"/> and <see cref="LabelSweep"/>.
/// </summary>
internal struct SetExtent
{
    public int First;
    public int Last;
    public int HalfArea;
    public int X0, X1;

    /// <summary>A set of one pixel at padded index <paramref name="p"/>, padded column <paramref name="x"/>, area 0.</summary>
    public static SetExtent Of(int p, int x) => new() { First = p, Last = p, X0 = x, X1 = x };

    /// <summary>The largest (area, first pixel) wins: ties go to the later first pixel, as OpenCV's listing puts it first.</summary>
    public readonly long Key => ((long)HalfArea << 32) | (uint)First;

    /// <summary>Adds a run of <paramref name="length"/> pixels from padded index <paramref name="start"/> (column <paramref name="xs"/>) and its area change.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddRun(int start, int xs, int length, int halfArea)
    {
        HalfArea += halfArea;
        First = Math.Min(First, start);
        Last = Math.Max(Last, start + length - 1);
        X0 = Math.Min(X0, xs);
        X1 = Math.Max(X1, xs + length - 1);
    }

    /// <summary>Takes in the pixels of another set (a merge).</summary>
    public void Absorb(in SetExtent other)
    {
        HalfArea += other.HalfArea;
        First = Math.Min(First, other.First);
        Last = Math.Max(Last, other.Last);
        X0 = Math.Min(X0, other.X0);
        X1 = Math.Max(X1, other.X1);
    }

    /// <summary>The reference's box of this set's outer contour (<see cref="LevelGrid.OuterBox"/>).</summary>
    public readonly PixelBox OuterBox(LevelGrid grid) => grid.OuterBox(First, Last, X0, X1);
}
