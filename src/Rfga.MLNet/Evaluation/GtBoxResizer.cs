using System;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Evaluation;

/// <summary>Resizes ground-truth boxes as the reference's <c>resize_bbox</c>: c' = trunc((c·T)/O) in float64.</summary>
public static class GtBoxResizer
{
    /// <summary>
    /// Validates <paramref name="box"/>, maps it from an O-sized image to a T-sized one and validates the
    /// result. The product comes first: trunc(45·224/80) = 126, whereas trunc(45·(224/80)) = 125.
    /// </summary>
    /// <param name="box">Box in original-image pixels.</param>
    /// <param name="originalWidth">Original width O_w, at least 1.</param>
    /// <param name="originalHeight">Original height O_h, at least 1.</param>
    /// <param name="targetWidth">Target width T_w, at least 1.</param>
    /// <param name="targetHeight">Target height T_h, at least 1.</param>
    public static PixelBox Resize(PixelBox box, int originalWidth, int originalHeight, int targetWidth, int targetHeight)
    {
        box.Validate(nameof(box));
        CheckSize(originalWidth, nameof(originalWidth));
        CheckSize(originalHeight, nameof(originalHeight));
        CheckSize(targetWidth, nameof(targetWidth));
        CheckSize(targetHeight, nameof(targetHeight));
        var resized = new PixelBox(
            Scale(box.X0, targetWidth, originalWidth),
            Scale(box.Y0, targetHeight, originalHeight),
            Scale(box.X1, targetWidth, originalWidth),
            Scale(box.Y1, targetHeight, originalHeight));
        resized.Validate(nameof(box));
        return resized;
    }

    // float(c) * float(T) / float(O), then int(): truncation toward zero.
    private static int Scale(int c, int target, int original) => (int)Math.Truncate((double)c * target / original);

    private static void CheckSize(int size, string paramName)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, size, "Image sizes must be at least 1 pixel.");
        }
    }
}
