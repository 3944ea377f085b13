using System;
using Rfga.MLNet.Common;

namespace Rfga.MLNet.Data;

/// <summary>
/// The fixed catalogue of the synthetic WSOL task: the class parts (shape × texture × colour family),
/// the body palettes and the pixel tests that rasterise them. Every test is a plain comparison on the
/// pixel centre, so drawing is exact and platform independent (no anti-aliasing, no transcendental maths).
/// </summary>
internal static class SyntheticDesigns
{
    /// <summary>Part and distractor shapes, in part-local coordinates u, v ∈ [-1, 1] (y down).</summary>
    internal enum Shape { Triangle, Disk, Square, Diamond, Plus, Ring, Hourglass, XCross }

    /// <summary>Two-tone part and distractor textures, in part-local integer pixel coordinates.</summary>
    internal enum Texture { HorizontalStripes, Dots, Checker, VerticalStripes, Solid, DiagonalStripes, Grid, AntiDiagonalStripes }

    /// <summary>Low-contrast body textures, in object-local integer pixel coordinates.</summary>
    internal enum BodyTexture { HorizontalBands, VerticalBands, Checker, Speckle, DiagonalBands, Spots, Blotches, Plain }

    /// <summary>One class's discriminative part.</summary>
    internal readonly record struct PartDesign(string Name, Shape Shape, Texture Texture, byte R, byte G, byte B);

    /// <summary>One body palette: base colour and texture.</summary>
    internal readonly record struct BodyPalette(byte R, byte G, byte B, BodyTexture Texture);

    /// <summary>Class parts: each differs from every other in shape, texture and colour family.</summary>
    internal static readonly PartDesign[] Parts =
    [
        new("red-striped-triangle", Shape.Triangle, Texture.HorizontalStripes, 215, 35, 35),
        new("blue-dotted-disk", Shape.Disk, Texture.Dots, 40, 70, 225),
        new("green-checkered-square", Shape.Square, Texture.Checker, 40, 185, 50),
        new("yellow-barred-diamond", Shape.Diamond, Texture.VerticalStripes, 235, 215, 40),
        new("magenta-solid-plus", Shape.Plus, Texture.Solid, 215, 50, 210),
        new("cyan-hatched-ring", Shape.Ring, Texture.DiagonalStripes, 40, 210, 225),
        new("orange-gridded-hourglass", Shape.Hourglass, Texture.Grid, 245, 135, 25),
        new("white-hatched-cross", Shape.XCross, Texture.AntiDiagonalStripes, 240, 240, 240),
    ];

    /// <summary>Body palettes: muted colours, weak textures; palette k is shared by classes k−1 and k.</summary>
    internal static readonly BodyPalette[] Bodies =
    [
        new(135, 90, 55, BodyTexture.HorizontalBands),
        new(85, 100, 140, BodyTexture.VerticalBands),
        new(115, 125, 65, BodyTexture.Checker),
        new(140, 105, 135, BodyTexture.Speckle),
        new(55, 115, 105, BodyTexture.DiagonalBands),
        new(180, 155, 115, BodyTexture.Spots),
        new(115, 50, 65, BodyTexture.Blotches),
        new(150, 160, 170, BodyTexture.Plain),
    ];

    /// <summary>Number of shapes (distractors draw from all of them).</summary>
    internal static readonly int ShapeCount = Enum.GetValues<Shape>().Length;

    /// <summary>Number of part textures.</summary>
    internal static readonly int TextureCount = Enum.GetValues<Texture>().Length;

    /// <summary>Secondary (dark) tone of a part texture, as a fraction of the primary colour, in 1/256.</summary>
    internal const int SecondaryTone = 90;

    /// <summary>Body outline tone, as a fraction of the body colour, in 1/256.</summary>
    internal const int OutlineTone = 140;

    /// <summary>Half-amplitude of the body texture, in 8-bit colour levels.</summary>
    internal const int BodyTextureAmplitude = 18;

    /// <summary>True when the pixel centre (<paramref name="u"/>, <paramref name="v"/>) ∈ [-1, 1]² is inside <paramref name="shape"/>.</summary>
    internal static bool InsideShape(Shape shape, double u, double v)
    {
        double au = Math.Abs(u), av = Math.Abs(v);
        if (au > 1 || av > 1) return false;
        double r2 = u * u + v * v;
        return shape switch
        {
            Shape.Triangle => au <= (v + 1) * 0.5,          // apex up, base at the bottom edge
            Shape.Disk => r2 <= 1,
            Shape.Square => true,
            Shape.Diamond => au + av <= 1,
            Shape.Plus => au <= 0.34 || av <= 0.34,
            Shape.Ring => r2 <= 1 && r2 >= 0.36,
            Shape.Hourglass => au <= av,                     // two triangles meeting at the centre
            Shape.XCross => Math.Abs(au - av) <= 0.4,
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape"),
        };
    }

    /// <summary>True when part-local pixel (<paramref name="lx"/>, <paramref name="ly"/>) takes the texture's dark tone.</summary>
    internal static bool IsSecondary(Texture texture, int lx, int ly) => texture switch
    {
        Texture.HorizontalStripes => (ly & 1) == 1,
        Texture.VerticalStripes => (lx & 1) == 1,
        Texture.Checker => ((lx + ly) & 1) == 1,
        Texture.Dots => lx % 3 == 1 && ly % 3 == 1,
        Texture.Solid => false,
        Texture.DiagonalStripes => (lx + ly) % 3 == 0,
        Texture.Grid => lx % 3 == 0 || ly % 3 == 0,
        Texture.AntiDiagonalStripes => ((lx - ly) % 3 + 3) % 3 == 0,
        _ => throw new ArgumentOutOfRangeException(nameof(texture), texture, "unknown texture"),
    };

    /// <summary>Body texture offset in [-<see cref="BodyTextureAmplitude"/>, +<see cref="BodyTextureAmplitude"/>] at object-local pixel (lx, ly).</summary>
    internal static int BodyOffset(BodyTexture texture, int lx, int ly, ulong hashSeed)
    {
        const int a = BodyTextureAmplitude;
        return texture switch
        {
            BodyTexture.HorizontalBands => (ly / 3 & 1) == 0 ? a : -a,
            BodyTexture.VerticalBands => (lx / 3 & 1) == 0 ? a : -a,
            BodyTexture.Checker => ((lx / 4 + ly / 4) & 1) == 0 ? a : -a,
            BodyTexture.Speckle => HashLevel(hashSeed, (ulong)lx, (ulong)ly, a),
            BodyTexture.DiagonalBands => ((lx + ly) / 3 & 1) == 0 ? a : -a,
            BodyTexture.Spots => lx % 5 < 2 && ly % 5 < 2 ? -2 * a : 0,
            BodyTexture.Blotches => HashLevel(hashSeed, (ulong)(lx / 3), (ulong)(ly / 3), a),
            BodyTexture.Plain => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(texture), texture, "unknown body texture"),
        };
    }

    /// <summary>Integer in [-<paramref name="amplitude"/>, +<paramref name="amplitude"/>] hashed from a seed and two coordinates.</summary>
    internal static int HashLevel(ulong seed, ulong a, ulong b, int amplitude)
    {
        if (amplitude <= 0) return 0;
        ulong h = SplitMix64.Mix(seed ^ SplitMix64.Mix(unchecked(a * 0x100000001B3UL + b + 0x9E3779B97F4A7C15UL)));
        return (int)(h % (ulong)(2 * amplitude + 1)) - amplitude;
    }

    /// <summary>True when (shape, texture) is the part of one of the first <paramref name="classCount"/> classes.</summary>
    internal static bool IsClassPart(Shape shape, Texture texture, int classCount)
    {
        for (int k = 0; k < classCount; k++)
            if (Parts[k].Shape == shape && Parts[k].Texture == texture) return true;
        return false;
    }

    /// <summary>
    /// Side (pixels) of the largest axis-aligned square centred in an ellipse of box <paramref name="width"/>×<paramref name="height"/>:
    /// w·h / √(w² + h²). Superellipse bodies contain that ellipse, so the bound holds for every body.
    /// </summary>
    internal static double InscribedSquareSide(double width, double height) =>
        width * height / Math.Sqrt(width * width + height * height);
}
