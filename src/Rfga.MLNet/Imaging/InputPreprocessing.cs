using System;
using System.Collections.Generic;
using System.Linq;

namespace Rfga.MLNet.Imaging;

/// <summary>
/// How 8-bit RGB pixels become network input: scale to [0, <see cref="PixelRange"/>], reorder the channels to
/// <see cref="ChannelOrder"/>, then (x − <see cref="Mean"/>) / <see cref="Std"/> per channel (in that channel order).
/// The weights a backbone starts from fix it: <see cref="ImageNet"/> for torchvision checkpoints,
/// <see cref="CntkImageNet"/> for the ImageNet ResNet-18 of Microsoft.ML.DnnImageFeaturizer.ResNet18.
/// </summary>
/// <param name="ChannelOrder">Channel order of the input tensor.</param>
/// <param name="PixelRange">The value a full-intensity (255) pixel is scaled to: 1 for x/255, 255 for raw 0..255 (&gt; 0).</param>
/// <param name="Mean">Per-channel mean subtracted after scaling, in <paramref name="ChannelOrder"/>'s order (3 values).</param>
/// <param name="Std">Per-channel divisor after mean subtraction, in <paramref name="ChannelOrder"/>'s order (3 values, &gt; 0).</param>
public sealed record InputPreprocessing(ChannelOrder ChannelOrder, float PixelRange, IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    /// <summary>torchvision's ImageNet input: RGB in [0, 1], mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225).</summary>
    public static InputPreprocessing ImageNet { get; } =
        new(ChannelOrder.Rgb, 1f, ImageNormalization.ImageNetMean, ImageNormalization.ImageNetStd);

    /// <summary>
    /// The CNTK ImageNet ResNet-18's input (ResNetPreprocess.onnx of Microsoft.ML.DnnImageFeaturizer.ResNet18): BGR in
    /// [0, 255] minus the ImageNet mean, no division (notes/pretrained.md). The package subtracts a 224×224 mean image;
    /// its per-channel averages are used here, so any input size works.
    /// </summary>
    public static InputPreprocessing CntkImageNet { get; } =
        new(ChannelOrder.Bgr, 255f, ImageNormalization.CntkImageNetMeanBgr, [1f, 1f, 1f]);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(ChannelOrder)) throw new ArgumentOutOfRangeException(nameof(ChannelOrder), ChannelOrder, "allowed: Rgb, Bgr");
        if (!(PixelRange > 0) || float.IsInfinity(PixelRange)) throw new ArgumentOutOfRangeException(nameof(PixelRange), PixelRange, "must be > 0 and finite");
        if (Mean is not { Count: 3 } || Mean.Any(m => !float.IsFinite(m)))
            throw new ArgumentOutOfRangeException(nameof(Mean), Mean is null ? "null" : string.Join(", ", Mean), "needs 3 finite values");
        if (Std is not { Count: 3 } || Std.Any(s => !(s > 0) || float.IsInfinity(s)))
            throw new ArgumentOutOfRangeException(nameof(Std), Std is null ? "null" : string.Join(", ", Std), "needs 3 positive finite values");
    }

    /// <summary>Value equality: same channel order, range, and mean and std values.</summary>
    /// <param name="other">The preprocessing to compare with.</param>
    public bool Equals(InputPreprocessing? other) =>
        other is not null && ChannelOrder == other.ChannelOrder && PixelRange == other.PixelRange &&
        Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ChannelOrder, PixelRange, Mean.Count > 0 ? Mean[0] : 0f, Std.Count > 0 ? Std[0] : 0f);

    /// <summary>A one-line description, e.g. "BGR ×255, mean [103.063 115.903 123.152], std [1 1 1]".</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{ChannelOrder.ToString().ToUpperInvariant()} ×{PixelRange:G6}, mean [{string.Join(" ", Mean.Select(m => m.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}], " +
        $"std [{string.Join(" ", Std.Select(s => s.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}]");
}
