using System;
using System.Collections.Generic;
using System.IO;

namespace Rfga.MLNet.Data;

/// <summary>
/// Reads the paper's benchmarks from the folders their publishers distribute, untouched, in one call each.
/// Records keep the publisher's list order; class indices are 0-based in the publisher's class order; boxes
/// are inclusive 0-based pixel corners of the source image (each publisher's convention is converted once,
/// see data/README.md). Nothing is downloaded.
/// </summary>
/// <remarks>
/// Errors: a missing folder or file is a <see cref="DirectoryNotFoundException"/> or
/// <see cref="FileNotFoundException"/> naming the path; a line that does not parse, an id missing from or
/// repeated in a file, an invalid box and an empty split are <see cref="InvalidDataException"/>s naming the
/// file and the 1-based line (for MAT-files the entry or byte offset). A listed image that is absent is a
/// <see cref="FileNotFoundException"/> naming it and the line that listed it (unless
/// <see cref="WsolDatasetOptions.ImageCheck"/> is <see cref="ImageFileCheck.None"/>). A box that extends past
/// its image follows <see cref="WsolDatasetOptions.OutOfImageBoxes"/>: by default it is clipped and the data set
/// gets one line in <see cref="WsolSplits.Warnings"/>.
/// </remarks>
public static class WsolDatasets
{
    /// <summary>
    /// CUB-200-2011 (<c>CUB_200_2011/</c> or the folder holding it): 200 classes, 5,994 train / 5,794 test images,
    /// one box each, from <c>bounding_boxes.txt</c> x, y, w, h as [int(x), int(y), int(x + w), int(y + h)].
    /// </summary>
    /// <param name="root">The <c>CUB_200_2011</c> folder (with <c>images.txt</c> and <c>images/</c>) or its parent.</param>
    /// <param name="options">Image checks and the out-of-image box policy; null for the defaults.</param>
    public static WsolSplits Cub200(string root, WsolDatasetOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return Cub200Reader.Read(root, options ?? new WsolDatasetOptions());
    }

    /// <summary>
    /// FGVC-Aircraft 2013b (<c>fgvc-aircraft-2013b/</c> or its <c>data/</c>): by default 100 variants, train
    /// 3,334 / val 3,333 / test 3,333, one box each from <c>images_box.txt</c> (1-based corners, reduced by 1),
    /// banner not cropped.
    /// </summary>
    /// <param name="root">The <c>fgvc-aircraft-2013b</c> folder or its <c>data</c> folder.</param>
    /// <param name="options">Level, train split, banner crop, image checks, box policy; null for the defaults.</param>
    public static WsolSplits FgvcAircraft(string root, FgvcAircraftOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return FgvcAircraftReader.Read(root, options ?? new FgvcAircraftOptions());
    }

    /// <summary>
    /// Stanford Dogs (the folder with <c>Images/</c>, <c>Annotation/</c>, <c>train_list.mat</c>, <c>test_list.mat</c>):
    /// 120 breeds, 12,000 train / 8,580 test images, one or more boxes each from the annotation XML, used as written;
    /// sizes from the XML <c>&lt;size&gt;</c>.
    /// </summary>
    /// <param name="root">The folder where images.tar, annotation.tar and lists.tar were unpacked.</param>
    /// <param name="options">Image checks and the out-of-image box policy; null for the defaults.</param>
    public static WsolSplits StanfordDogs(string root, WsolDatasetOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        return StanfordDogsReader.Read(root, options ?? new WsolDatasetOptions());
    }

    /// <summary>
    /// A data set described in the clovaai/wsolevaluation metadata layout: <paramref name="metadataFolder"/> holds
    /// <c>test/</c> (required), <c>train/</c> and <c>val/</c>, each with <c>image_ids.txt</c>, <c>class_labels.txt</c>,
    /// <c>image_sizes.txt</c> (optional) and <c>localization.txt</c> (optional for train); image ids are paths
    /// relative to <paramref name="imageRoot"/>. Boxes are used as written.
    /// </summary>
    /// <param name="metadataFolder">For example <c>wsolevaluation/metadata/CUB</c>.</param>
    /// <param name="imageRoot">The folder the image ids are relative to, for example <c>dataset/CUB</c>.</param>
    /// <param name="options">Class names, image checks and the out-of-image box policy; null for the defaults.</param>
    public static WsolSplits WsolEvaluationMetadata(string metadataFolder, string imageRoot, WsolMetadataOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(metadataFolder);
        ArgumentException.ThrowIfNullOrEmpty(imageRoot);
        return WsolMetadataReader.Read(metadataFolder, imageRoot, options ?? new WsolMetadataOptions());
    }

    /// <summary>
    /// One split of the clovaai/wsolevaluation metadata layout, as its evaluation reads it: the folder holding
    /// <c>image_ids.txt</c>, <c>class_labels.txt</c>, <c>localization.txt</c> and, optionally, <c>image_sizes.txt</c>
    /// (the reference's <c>metadata_root</c>, for example <c>wsolevaluation/metadata/CUB/test</c>). Images come in
    /// <c>image_ids.txt</c> order with their boxes exactly as written (a box may extend past its image, as the
    /// reference allows); nothing is read from image files. Ids may contain folders.
    /// </summary>
    /// <param name="splitFolder">The split folder.</param>
    /// <exception cref="InvalidDataException">A line does not parse, an id is unknown or repeated, a box is invalid
    /// (the message names the file, the line and the image id), an image has no label or no box, or the split is empty.</exception>
    public static IReadOnlyList<WsolMetadataImage> WsolEvaluationSplit(string splitFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(splitFolder);
        return WsolMetadataReader.ReadSplitFolder(splitFolder);
    }

    /// <summary>Throws an <see cref="InvalidDataException"/> naming the listing when a split came out empty.</summary>
    internal static void RequireNonEmpty(string dataset, string split, IReadOnlyCollection<WsolRecord> records, string listing)
    {
        if (records.Count == 0) throw new InvalidDataException($"{dataset}: the {split} split is empty ('{listing}' lists no image for it).");
    }
}
