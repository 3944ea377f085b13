using System;

namespace Rfga.MLNet.Visualization;

/// <summary>
/// The attention intermediates of one image (PAPER.md §2.1, Fig. 5) as plain row-major arrays: the module input X,
/// its output X̂, the attention M and the view attentions z_c, z_h, z_w. Absent tensors (no module, a view switched
/// off, SE/ECA without spatial views) are null.
/// </summary>
public sealed class AttentionMaps
{
    /// <summary>Checks the lengths and that every value is finite; keeps the arrays (not copied).</summary>
    /// <param name="channels">C ≥ 1.</param>
    /// <param name="height">H ≥ 1.</param>
    /// <param name="width">W ≥ 1.</param>
    /// <param name="x">X, [C, H, W].</param>
    /// <param name="xHat">X̂, [C, H, W].</param>
    /// <param name="m">M expanded to [C, H, W], or null.</param>
    /// <param name="zc">z_c, [C], or null.</param>
    /// <param name="zh">z_h, [C, H], or null.</param>
    /// <param name="zw">z_w, [C, W], or null.</param>
    public AttentionMaps(int channels, int height, int width, float[] x, float[] xHat,
        float[]? m = null, float[]? zc = null, float[]? zh = null, float[]? zw = null)
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be ≥ 1");
        if (height < 1) throw new ArgumentOutOfRangeException(nameof(height), height, "must be ≥ 1");
        if (width < 1) throw new ArgumentOutOfRangeException(nameof(width), width, "must be ≥ 1");
        long volume = (long)channels * height * width;
        Check(x, volume, nameof(x), "[C, H, W]");
        Check(xHat, volume, nameof(xHat), "[C, H, W]");
        if (m is not null) Check(m, volume, nameof(m), "[C, H, W]");
        if (zc is not null) Check(zc, channels, nameof(zc), "[C]");
        if (zh is not null) Check(zh, (long)channels * height, nameof(zh), "[C, H]");
        if (zw is not null) Check(zw, (long)channels * width, nameof(zw), "[C, W]");
        Channels = channels;
        Height = height;
        Width = width;
        X = x;
        XHat = xHat;
        M = m;
        Zc = zc;
        Zh = zh;
        Zw = zw;
    }

    /// <summary>C, the feature channels.</summary>
    public int Channels { get; }

    /// <summary>H, the feature-map height.</summary>
    public int Height { get; }

    /// <summary>W, the feature-map width.</summary>
    public int Width { get; }

    /// <summary>X, the backbone features, [C, H, W].</summary>
    public float[] X { get; }

    /// <summary>X̂, the recalibrated features, [C, H, W].</summary>
    public float[] XHat { get; }

    /// <summary>M, the attention, [C, H, W]; null without a module.</summary>
    public float[]? M { get; }

    /// <summary>z_c, [C]; null where absent.</summary>
    public float[]? Zc { get; }

    /// <summary>z_h, [C, H]; null where absent.</summary>
    public float[]? Zh { get; }

    /// <summary>z_w, [C, W]; null where absent.</summary>
    public float[]? Zw { get; }

    private static void Check(float[]? values, long expected, string name, string shape)
    {
        if (values is null) throw new ArgumentNullException(name);
        if (values.Length != expected) throw new ArgumentException($"{name} must be {shape} ({expected} values); got {values.Length}.", name);
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) throw new ArgumentException($"{name}[{i}] is {values[i]}; every value must be finite.", name);
    }
}
