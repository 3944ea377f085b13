using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Rfga.MLNet.Imaging;

/// <summary>Turns decoded images into normalised network input [B, 3, S, S]: resize, random crop, flip.</summary>
public static class ImageBatch
{
    /// <summary>Image [3, H, W] float32 in [0, 1] from 8-bit RGB.</summary>
    public static Tensor ToTensor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var scope = NewDisposeScope();
        var hwc = tensor(image.Pixels, [image.Height, image.Width, 3], ScalarType.Byte);
        var chw = hwc.permute(2, 0, 1).to_type(ScalarType.Float32).div_(255f);
        return chw.MoveToOuterDisposeScope();
    }

    /// <summary>Bilinear resize (antialiased when shrinking, aspect ratio not kept) to [3, height, width].</summary>
    public static Tensor Resize(RgbImage image, int height, int width)
    {
        using var scope = NewDisposeScope();
        var x = ToTensor(image).unsqueeze(0);
        if (image.Height != height || image.Width != width)
            x = nn.functional.interpolate(x, [height, width], mode: InterpolationMode.Bilinear, align_corners: false,
                antialias: height < image.Height || width < image.Width);
        return x.squeeze(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Training input: image i resized to <paramref name="resize"/>², the <paramref name="crop"/>² window at
    /// (<c>draws[i].Y0</c>, <c>draws[i].X0</c>), flipped left-right when <c>draws[i].Flip</c>, then normalised.
    /// The caller draws the augmentation (so a seeded stream fixes the batch).
    /// </summary>
    public static Tensor Training(IReadOnlyList<RgbImage> images, int resize, int crop, IReadOnlyList<CropFlip> draws,
        ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
        => Training(images, resize, crop, draws, Rgb(mean, std));

    /// <summary>
    /// Training input as <see cref="Training(IReadOnlyList{RgbImage}, int, int, IReadOnlyList{CropFlip}, ReadOnlySpan{float}, ReadOnlySpan{float})"/>,
    /// normalised by <paramref name="input"/> (channel order, pixel range, mean, std).
    /// </summary>
    public static Tensor Training(IReadOnlyList<RgbImage> images, int resize, int crop, IReadOnlyList<CropFlip> draws, InputPreprocessing input)
    {
        if (crop > resize) throw new ArgumentOutOfRangeException(nameof(crop), crop, $"must be ≤ resize ({resize})");
        if (draws.Count != images.Count) throw new ArgumentException($"{draws.Count} draws for {images.Count} images.", nameof(draws));
        using var scope = NewDisposeScope();
        var items = new Tensor[images.Count];
        for (int i = 0; i < images.Count; i++)
        {
            var (y0, x0, flip) = draws[i];
            if (y0 < 0 || x0 < 0 || y0 + crop > resize || x0 + crop > resize)
                throw new ArgumentOutOfRangeException(nameof(draws), draws[i], $"crop window outside the {resize}² image");
            var x = Resize(images[i], resize, resize).narrow(1, y0, crop).narrow(2, x0, crop);
            items[i] = flip ? x.flip(2) : x;
        }
        return Normalize(stack(items), input).MoveToOuterDisposeScope();
    }

    /// <summary>Evaluation input: each image resized to <paramref name="size"/>² and normalised (RGB in [0, 1]).</summary>
    public static Tensor Evaluation(IReadOnlyList<RgbImage> images, int size, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
        => Evaluation(images, size, Rgb(mean, std));

    /// <summary>Evaluation input: each image resized to <paramref name="size"/>² and normalised by <paramref name="input"/>.</summary>
    public static Tensor Evaluation(IReadOnlyList<RgbImage> images, int size, InputPreprocessing input)
    {
        using var scope = NewDisposeScope();
        var items = new Tensor[images.Count];
        for (int i = 0; i < images.Count; i++) items[i] = Resize(images[i], size, size);
        return Normalize(stack(items), input).MoveToOuterDisposeScope();
    }

    /// <summary>(x − mean) / std per channel for x [B, 3, H, W].</summary>
    public static Tensor Normalize(Tensor x, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length != 3 || std.Length != 3) throw new ArgumentException("mean and std need 3 values (R, G, B).");
        using var scope = NewDisposeScope();
        var m = tensor(mean.ToArray(), [1, 3, 1, 1]);
        var s = tensor(std.ToArray(), [1, 3, 1, 1]);
        return ((x - m) / s).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Network input from RGB in [0, 1], x [B, 3, H, W]: scaled to [0, PixelRange], channels reordered to
    /// <see cref="InputPreprocessing.ChannelOrder"/>, then (x − mean) / std per channel.
    /// </summary>
    public static Tensor Normalize(Tensor x, InputPreprocessing input)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Validate();
        using var scope = NewDisposeScope();
        var y = input.PixelRange == 1f ? x : x * input.PixelRange;
        if (input.ChannelOrder == ChannelOrder.Bgr) y = y.flip(1);
        var m = tensor(input.Mean.ToArray(), [1, 3, 1, 1]);
        var s = tensor(input.Std.ToArray(), [1, 3, 1, 1]);
        return ((y - m) / s).MoveToOuterDisposeScope();
    }

    private static InputPreprocessing Rgb(ReadOnlySpan<float> mean, ReadOnlySpan<float> std) => new(ChannelOrder.Rgb, 1f, mean.ToArray(), std.ToArray());
}
