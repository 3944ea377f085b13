using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Data;

/// <summary>A ground-truth box in this library's convention with the place it was read from.</summary>
internal readonly record struct SourcedBox(PixelBox Box, SourceRef At);

/// <summary>
/// Turns one data set's parsed listings into <see cref="WsolRecord"/>s: checks the image (per
/// <see cref="ImageFileCheck"/>), settles its size, and applies the <see cref="OutOfImageBoxPolicy"/> to
/// every box, counting what it tolerated so the data set gets one warning rather than one per image.
/// </summary>
internal sealed class WsolRecordBuilder
{
    private readonly string dataset;
    private readonly WsolDatasetOptions options;
    private readonly List<string> warnings = new();
    private int outOfImage;
    private string? firstOutOfImage;

    public WsolRecordBuilder(string dataset, WsolDatasetOptions options)
    {
        if (!Enum.IsDefined(options.ImageCheck))
            throw new ArgumentOutOfRangeException(nameof(options), options.ImageCheck, $"{nameof(WsolDatasetOptions.ImageCheck)} must be one of {string.Join(", ", Enum.GetNames<ImageFileCheck>())}.");
        if (!Enum.IsDefined(options.OutOfImageBoxes))
            throw new ArgumentOutOfRangeException(nameof(options), options.OutOfImageBoxes, $"{nameof(WsolDatasetOptions.OutOfImageBoxes)} must be one of {string.Join(", ", Enum.GetNames<OutOfImageBoxPolicy>())}.");
        this.dataset = dataset;
        this.options = options;
    }

    /// <summary>Adds a warning of its own (for example a missing optional split).</summary>
    public void Warn(string message) => warnings.Add(message);

    /// <summary>
    /// One record. <paramref name="listedWidth"/>/<paramref name="listedHeight"/> are the publisher's size of the
    /// file (≤ 0 when it lists none); <paramref name="cropBottom"/> rows are then removed from the height.
    /// </summary>
    public WsolRecord Build(string imagePath, SourceRef listedAt, int classIndex, string className, IReadOnlyList<SourcedBox> boxes,
        int listedWidth = 0, int listedHeight = 0, int cropBottom = 0)
    {
        int width = listedWidth, height = listedHeight;
        if (options.ImageCheck != ImageFileCheck.None)
        {
            if (!File.Exists(imagePath))
                throw new FileNotFoundException($"{dataset}: image listed at {listedAt} not found: '{imagePath}'.", imagePath);
            if (options.ImageCheck == ImageFileCheck.Size && (width <= 0 || height <= 0))
                (width, height) = ImageHeaderReader.ReadSize(imagePath, listedAt);
        }
        if (width <= 0 || height <= 0)
        {
            width = height = 0;
        }
        else if (cropBottom > 0)
        {
            if (height <= cropBottom)
                throw listedAt.Error($"image '{imagePath}' is {height} pixels tall, not more than the {cropBottom}-pixel banner to crop.");
            height -= cropBottom;
        }
        var fitted = new PixelBox[boxes.Count];
        for (int i = 0; i < boxes.Count; i++) fitted[i] = Fit(boxes[i], width, height, imagePath);
        return new WsolRecord(imagePath, classIndex, className, Array.AsReadOnly(fitted), width, height) { CropBottom = cropBottom };
    }

    /// <summary>The warnings so far plus one summarising the out-of-image boxes, if any.</summary>
    public IReadOnlyList<string> Warnings()
    {
        var all = new List<string>(warnings);
        if (outOfImage > 0)
        {
            string action = options.OutOfImageBoxes == OutOfImageBoxPolicy.Clip ? "clipped to the image" : "kept as written";
            all.Add(string.Create(CultureInfo.InvariantCulture,
                $"{dataset}: {outOfImage} ground-truth box(es) extend past their image and were {action} " +
                $"({nameof(OutOfImageBoxPolicy)}.{options.OutOfImageBoxes}); first: {firstOutOfImage}."));
        }
        return all.AsReadOnly();
    }

    private PixelBox Fit(SourcedBox sourced, int width, int height, string imagePath)
    {
        var box = sourced.Box;
        if (width == 0 || (box.X1 < width && box.Y1 < height)) return box;
        string where = $"box {box} at {sourced.At} in the {width}×{height} image '{imagePath}'";
        if (options.OutOfImageBoxes == OutOfImageBoxPolicy.Error)
            throw sourced.At.Error($"box {box} extends past the {width}×{height} image '{imagePath}' " +
                $"(set {nameof(WsolDatasetOptions.OutOfImageBoxes)} to {nameof(OutOfImageBoxPolicy.Clip)} or {nameof(OutOfImageBoxPolicy.Keep)} to accept it).");
        bool clip = options.OutOfImageBoxes == OutOfImageBoxPolicy.Clip;
        if (clip && (box.X0 >= width || box.Y0 >= height))
            throw sourced.At.Error($"box {box} lies wholly outside the {width}×{height} image '{imagePath}'; clipping would leave nothing.");
        outOfImage++;
        firstOutOfImage ??= where;
        return clip ? new PixelBox(box.X0, box.Y0, Math.Min(box.X1, width - 1), Math.Min(box.Y1, height - 1)) : box;
    }
}
