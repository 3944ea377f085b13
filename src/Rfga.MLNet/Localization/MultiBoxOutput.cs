using System.Collections.Generic;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Where the multi-contour sweeps write: the hole boxes of every threshold are parked at the start of the list (their
/// ranges in <c>holeStart</c>/<c>holeCount</c>); a component sweep then appends each threshold's component boxes followed
/// by a copy of its holes, so that every threshold's boxes form one range (<c>start</c>/<c>count</c>, counted from the
/// end of the parked holes).
/// </summary>
internal readonly struct MultiBoxOutput(List<PixelBox> boxes, int[] holeStart, int[] holeCount, int[] start, int[] count)
{
    /// <summary>The list the sweeps append to.</summary>
    public List<PixelBox> Boxes => boxes;

    /// <summary>Ends threshold <paramref name="threshold"/>'s range, whose component boxes start at <paramref name="first"/>.</summary>
    public void CloseThreshold(int threshold, int first, int parked)
    {
        for (int i = 0; i < holeCount[threshold]; i++)
        {
            boxes.Add(boxes[holeStart[threshold] + i]);
        }

        start[threshold] = first - parked;
        count[threshold] = boxes.Count - first;
    }
}
