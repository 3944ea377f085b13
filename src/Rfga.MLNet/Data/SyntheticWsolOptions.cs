using System;
using System.Globalization;

namespace Rfga.MLNet.Data;

/// <summary>
/// Parameters of <see cref="SyntheticWsolGenerator"/>. Sizes are fractions of the image side unless the
/// name says pixels; colour levels are 8-bit (0–255). Call <see cref="Validate"/> (the generator does) to
/// get an <see cref="ArgumentException"/> naming the first bad option and its value.
/// </summary>
public sealed class SyntheticWsolOptions
{
    /// <summary>Number of distinct class parts the generator has; the upper bound of <see cref="ClassCount"/>.</summary>
    public const int MaxClassCount = 8;

    /// <summary>Smallest allowed <see cref="ImageSize"/>, in pixels.</summary>
    public const int MinImageSize = 32;

    /// <summary>Largest allowed <see cref="ImageSize"/>, in pixels.</summary>
    public const int MaxImageSize = 1024;

    /// <summary>Largest allowed <see cref="DistractorCount"/>.</summary>
    public const int MaxDistractorCount = 64;

    /// <summary>Largest allowed <see cref="NoiseLevel"/>, in colour levels.</summary>
    public const int MaxNoiseLevel = 64;

    /// <summary>Side of the square images, in pixels; [32, 1024].</summary>
    public int ImageSize { get; set; } = 64;

    /// <summary>Number of classes; [2, <see cref="MaxClassCount"/>]. Class k uses part design k.</summary>
    public int ClassCount { get; set; } = 4;

    /// <summary>Number of training images; ≥ 1. Labels are balanced (class counts differ by at most one).</summary>
    public int TrainCount { get; set; } = 1200;

    /// <summary>Number of test images; ≥ 1. Same distribution as training, independent random stream.</summary>
    public int TestCount { get; set; } = 400;

    /// <summary>Seed; any value. The same seed and options give byte-identical data on every platform.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Smallest object size √(w·h), as a fraction of the image side; (0, 1], ≤ <see cref="ObjectScaleMax"/>.</summary>
    public double ObjectScaleMin { get; set; } = 0.3;

    /// <summary>Largest object size √(w·h), as a fraction of the image side; (0, 1]. Sizes are uniform in [min, max].</summary>
    public double ObjectScaleMax { get; set; } = 0.7;

    /// <summary>Smallest object aspect ratio width/height; [0.25, 4], ≤ <see cref="AspectMax"/>.</summary>
    public double AspectMin { get; set; } = 0.5;

    /// <summary>
    /// Largest object aspect ratio width/height; [0.25, 4]. Aspects a are drawn with (a − 1)/(a + 1) uniform,
    /// so for a range symmetric under a ↦ 1/a (such as [0.5, 2]) wide and tall objects are equally likely.
    /// </summary>
    public double AspectMax { get; set; } = 2.0;

    /// <summary>Smallest part side, as a fraction of the object size √(w·h); (0, 0.5], ≤ <see cref="PartFractionMax"/>.</summary>
    public double PartFractionMin { get; set; } = 0.15;

    /// <summary>Largest part side, as a fraction of the object size √(w·h); (0, 0.5]. Fractions are uniform in [min, max].</summary>
    public double PartFractionMax { get; set; } = 0.25;

    /// <summary>Smallest part side, in pixels; [3, 64]. Parts are enlarged to it so their shape and texture stay legible.</summary>
    public int PartMinSize { get; set; } = 6;

    /// <summary>
    /// Probability, [0, 1], that the body palette carries the class cue: class k's body is then palette k or k+1
    /// (mod <see cref="ClassCount"/>), so the body alone narrows the class to two; otherwise the palette is uniform.
    /// </summary>
    public double BodyCueProbability { get; set; } = 0.9;

    /// <summary>Number of distractor shapes per image; [0, 64]. They never repeat a class part's shape+texture.</summary>
    public int DistractorCount { get; set; } = 3;

    /// <summary>Largest per-pixel, per-channel noise, in colour levels; [0, 64]. Uniform integer noise over the whole image.</summary>
    public int NoiseLevel { get; set; } = 10;

    /// <summary>True: smooth two-colour gradient plus faint blobs behind everything; false: flat <see cref="SyntheticWsolGenerator.FlatBackground"/>.</summary>
    public bool ClutteredBackground { get; set; } = true;

    /// <summary>True: keep each sample's object and part masks (<see cref="WsolSample.ObjectMask"/>, <see cref="WsolSample.PartMask"/>).</summary>
    public bool KeepMasks { get; set; }

    /// <summary>A copy of these options.</summary>
    public SyntheticWsolOptions Clone() => (SyntheticWsolOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> or <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        InRange(ImageSize, MinImageSize, MaxImageSize, nameof(ImageSize));
        InRange(ClassCount, 2, MaxClassCount, nameof(ClassCount));
        if (TrainCount < 1) throw new ArgumentOutOfRangeException(nameof(TrainCount), TrainCount, "must be ≥ 1");
        if (TestCount < 1) throw new ArgumentOutOfRangeException(nameof(TestCount), TestCount, "must be ≥ 1");
        Fraction(ObjectScaleMin, 0, 1, nameof(ObjectScaleMin), "(0, 1]");
        Fraction(ObjectScaleMax, 0, 1, nameof(ObjectScaleMax), "(0, 1]");
        Ordered(ObjectScaleMin, ObjectScaleMax, nameof(ObjectScaleMin), nameof(ObjectScaleMax));
        Closed(AspectMin, 0.25, 4, nameof(AspectMin));
        Closed(AspectMax, 0.25, 4, nameof(AspectMax));
        Ordered(AspectMin, AspectMax, nameof(AspectMin), nameof(AspectMax));
        Fraction(PartFractionMin, 0, 0.5, nameof(PartFractionMin), "(0, 0.5]");
        Fraction(PartFractionMax, 0, 0.5, nameof(PartFractionMax), "(0, 0.5]");
        Ordered(PartFractionMin, PartFractionMax, nameof(PartFractionMin), nameof(PartFractionMax));
        InRange(PartMinSize, 3, 64, nameof(PartMinSize));
        Closed(BodyCueProbability, 0, 1, nameof(BodyCueProbability));
        InRange(DistractorCount, 0, MaxDistractorCount, nameof(DistractorCount));
        InRange(NoiseLevel, 0, MaxNoiseLevel, nameof(NoiseLevel));

        // The part must fit inside the smallest, most elongated body (see SyntheticDesigns.InscribedSquareSide).
        int largestPart = SyntheticWsolGenerator.LargestPartSide(this);
        if (largestPart < PartMinSize)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{nameof(PartMinSize)} = {PartMinSize} px does not fit inside the smallest object " +
                $"({nameof(ObjectScaleMin)} = {ObjectScaleMin} of {nameof(ImageSize)} = {ImageSize}, aspect in " +
                $"[{AspectMin}, {AspectMax}]), which holds at most {largestPart} px; raise {nameof(ObjectScaleMin)} or lower {nameof(PartMinSize)}."),
                nameof(PartMinSize));
    }

    private static void InRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}].");
    }

    private static void Fraction(double value, double minExclusive, double max, string name, string range)
    {
        if (double.IsNaN(value) || value <= minExclusive || value > max)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in {range}.");
    }

    private static void Closed(double value, double min, double max, string name)
    {
        if (double.IsNaN(value) || value < min || value > max)
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} must be in [{min}, {max}]."));
    }

    private static void Ordered(double min, double max, string minName, string maxName)
    {
        if (min > max)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{minName} = {min} is greater than {maxName} = {max}."), minName);
    }
}
