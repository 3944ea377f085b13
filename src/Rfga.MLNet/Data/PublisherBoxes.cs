using System;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Data;

/// <summary>
/// The one place where each publisher's box convention becomes this library's: inclusive, 0-based pixel
/// corners x0, y0, x1, y1 (notes/wsol-metrics.md §1, notes/datasets.md). Invalid boxes (negative
/// coordinates, x1 &lt; x0, y1 &lt; y0) are errors naming the file and line.
/// </summary>
internal static class PublisherBoxes
{
    /// <summary>
    /// CUB-200-2011 <c>bounding_boxes.txt</c> x, y, width, height (floats, origin 0): x + w and y + h are the
    /// last covered column and row. As the reference metadata: [int(x), int(y), int(x + w), int(y + h)], the
    /// sums in float64 and then truncated.
    /// </summary>
    public static PixelBox FromCubXywh(double x, double y, double width, double height, SourceRef at)
    {
        if (width < 0 || height < 0) throw at.Error($"box width {width} and height {height} must be ≥ 0.");
        return Checked(Truncate(x, at), Truncate(y, at), Truncate(x + width, at), Truncate(y + height, at), at);
    }

    /// <summary>FGVC-Aircraft <c>images_box.txt</c> xmin, ymin, xmax, ymax: inclusive with the top-left pixel (1, 1), so each is reduced by 1.</summary>
    public static PixelBox FromOneBasedCorners(int xmin, int ymin, int xmax, int ymax, SourceRef at)
    {
        if (xmin < 1 || ymin < 1) throw at.Error($"box ({xmin}, {ymin}, {xmax}, {ymax}) has a coordinate below 1 in a 1-based listing.");
        return Checked(xmin - 1, ymin - 1, xmax - 1, ymax - 1, at);
    }

    /// <summary>Stanford Dogs XML <c>bndbox</c> and wsolevaluation <c>localization.txt</c>: already inclusive 0-based corners, used as written.</summary>
    public static PixelBox FromZeroBasedCorners(int x0, int y0, int x1, int y1, SourceRef at) => Checked(x0, y0, x1, y1, at);

    private static int Truncate(double value, SourceRef at)
    {
        double t = Math.Truncate(value);
        if (t < int.MinValue || t > int.MaxValue) throw at.Error($"box coordinate {value} is out of range.");
        return (int)t;
    }

    private static PixelBox Checked(int x0, int y0, int x1, int y1, SourceRef at)
    {
        var box = new PixelBox(x0, y0, x1, y1);
        if (!box.IsValid) throw at.Error($"box {box} is not x0y0x1y1 with non-negative coordinates, x0 ≤ x1 and y0 ≤ y1.");
        return box;
    }
}
