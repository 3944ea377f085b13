using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Data;

/// <summary>
/// One image of a WSOL benchmark as its publisher lists it: where the file is, its class and its
/// ground-truth boxes in source pixels (inclusive 0-based corners, notes/wsol-metrics.md §1).
/// </summary>
/// <param name="ImagePath">Absolute path of the image file.</param>
/// <param name="ClassIndex">Class index, 0-based, in the publisher's class order.</param>
/// <param name="ClassName">Class name, <c>ClassNames[ClassIndex]</c> of the data set.</param>
/// <param name="Boxes">Ground-truth boxes x0, y0, x1, y1, inclusive, in the image's pixels; empty only for a
/// wsolevaluation train split shipped without <c>localization.txt</c>.</param>
/// <param name="Width">Image width in pixels; 0 when unknown (the publisher lists no size and
/// <see cref="WsolDatasetOptions.ImageCheck"/> is not <see cref="ImageFileCheck.Size"/>).</param>
/// <param name="Height">Image height in pixels, without <see cref="CropBottom"/>; 0 when unknown.</param>
public sealed record WsolRecord(string ImagePath, int ClassIndex, string ClassName, IReadOnlyList<PixelBox> Boxes, int Width, int Height)
{
    /// <summary>
    /// Rows at the bottom of the file that are not part of the image (the FGVC-Aircraft banner when
    /// <see cref="FgvcAircraftOptions.CropBanner"/> is set), else 0. The file is <see cref="Height"/> +
    /// <see cref="CropBottom"/> rows tall; an image loader must drop these rows for the boxes and size to hold.
    /// </summary>
    public int CropBottom { get; init; }
}
