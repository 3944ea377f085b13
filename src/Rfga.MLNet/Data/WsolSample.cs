using System;
using System.Collections.Generic;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Data;

/// <summary>
/// One image of a WSOL dataset: 8-bit RGB pixels, the image-level label and the ground-truth boxes
/// (inclusive pixel corners, 0-based). Synthetic samples also carry the part box and, on request, masks.
/// </summary>
public sealed class WsolSample
{
    /// <summary>Wraps the arrays (not copied); checks their sizes and that every box lies inside the image.</summary>
    public WsolSample(
        byte[] rgb, int width, int height, int label, string className, IReadOnlyList<PixelBox> boxes,
        PixelBox? partBox = null, bool[]? objectMask = null, bool[]? partMask = null)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        ArgumentNullException.ThrowIfNull(className);
        ArgumentNullException.ThrowIfNull(boxes);
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (label < 0) throw new ArgumentOutOfRangeException(nameof(label), label, "must be ≥ 0");
        if (rgb.Length != (long)width * height * 3)
            throw new ArgumentException($"expected {(long)width * height * 3} bytes for {width}×{height} RGB; got {rgb.Length}.", nameof(rgb));
        for (int i = 0; i < boxes.Count; i++) CheckBox(boxes[i], width, height, $"{nameof(boxes)}[{i}]");
        if (partBox is { } p) CheckBox(p, width, height, nameof(partBox));
        CheckMask(objectMask, width, height, nameof(objectMask));
        CheckMask(partMask, width, height, nameof(partMask));
        Rgb = rgb;
        Width = width;
        Height = height;
        Label = label;
        ClassName = className;
        Boxes = boxes;
        PartBox = partBox;
        ObjectMask = objectMask;
        PartMask = partMask;
    }

    /// <summary>Pixels, rows top to bottom, interleaved R, G, B: <c>Rgb[(y·Width + x)·3 + c]</c>; length Width·Height·3.</summary>
    public byte[] Rgb { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Class index, 0-based.</summary>
    public int Label { get; }

    /// <summary>Class name (the dataset's <c>ClassNames[Label]</c>).</summary>
    public string ClassName { get; }

    /// <summary>Ground-truth object boxes, inclusive pixel corners; the synthetic generator gives exactly one.</summary>
    public IReadOnlyList<PixelBox> Boxes { get; }

    /// <summary>Tight box of the discriminative part's pixels (synthetic data only), else null.</summary>
    public PixelBox? PartBox { get; }

    /// <summary>Object pixels (body and part), length Width·Height, row-major; null unless masks were requested.</summary>
    public bool[]? ObjectMask { get; }

    /// <summary>Part pixels, length Width·Height, row-major; null unless masks were requested.</summary>
    public bool[]? PartMask { get; }

    private static void CheckBox(PixelBox box, int width, int height, string name)
    {
        if (box.X0 < 0 || box.Y0 < 0 || box.X1 >= width || box.Y1 >= height || box.X1 < box.X0 || box.Y1 < box.Y0)
            throw new ArgumentException($"{name} {box} is not an inclusive box inside the {width}×{height} image.", name);
    }

    private static void CheckMask(bool[]? mask, int width, int height, string name)
    {
        if (mask is not null && mask.Length != (long)width * height)
            throw new ArgumentException($"expected {(long)width * height} mask values for {width}×{height}; got {mask.Length}.", name);
    }
}
