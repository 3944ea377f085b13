using System;
using System.Collections.Generic;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Boxes from one score map at one threshold τ, or from one binary mask, with the exact semantics of
/// clovaai/wsolevaluation (notes/wsol-metrics.md §4–5). Use <see cref="BoxSweep"/> for many τ.
/// </summary>
/// <remarks>
/// Degenerate rule, defined once: when no pixel is on (for instance a constant map, a map below 1/255, or
/// τ = 1), there is no contour and the box is the reference's fallback (0, 0, 0, 0), a real one-pixel box,
/// in both the single and the multi contour mode.
/// </remarks>
public static class BoxExtractor
{
    [ThreadStatic]
    private static Workspace? t_workspace;

    /// <summary>
    /// The MaxBoxAcc box: the box of the largest contour (the reference's <c>max(contours, key=contourArea)</c>)
    /// of the row-major map [H, W] binarised at τ.
    /// </summary>
    /// <param name="map">Scores in [0, 1], row-major, <paramref name="height"/>·<paramref name="width"/> values.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="height">Map height H.</param>
    /// <param name="tau">Score threshold τ in [0, 1]; pixels with ⌊S·255⌋ &gt; trunc(τ·M) are on.</param>
    public static PixelBox LargestComponentBox(ReadOnlySpan<float> map, int width, int height, double tau)
    {
        Workspace ws = Quantize(map, width, height, tau, out int threshold);
        return ws.Largest(width, height, threshold);
    }

    /// <summary>The MaxBoxAcc box of a float64 map at τ; see the float overload.</summary>
    public static PixelBox LargestComponentBox(ReadOnlySpan<double> map, int width, int height, double tau)
    {
        Workspace ws = Quantize(map, width, height, tau, out int threshold);
        return ws.Largest(width, height, threshold);
    }

    /// <summary>The box of the largest contour of a binary mask [H, W] (true = on).</summary>
    public static PixelBox LargestComponentBox(ReadOnlySpan<bool> mask, int width, int height)
    {
        Workspace ws = Load(mask, width, height);
        return ws.Largest(width, height, 0);
    }

    /// <summary>
    /// The MaxBoxAccV2 boxes: one per contour of the map binarised at τ, i.e. the box of every 8-connected
    /// component (nested ones included) and the grown box of every hole; (0, 0, 0, 0) alone when none.
    /// </summary>
    /// <param name="map">Scores in [0, 1], row-major, <paramref name="height"/>·<paramref name="width"/> values.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="height">Map height H.</param>
    /// <param name="tau">Score threshold τ in [0, 1].</param>
    public static IReadOnlyList<PixelBox> AllComponentBoxes(ReadOnlySpan<float> map, int width, int height, double tau)
    {
        Workspace ws = Quantize(map, width, height, tau, out int threshold);
        return ws.All(width, height, threshold);
    }

    /// <summary>The MaxBoxAccV2 boxes of a float64 map at τ; see the float overload.</summary>
    public static IReadOnlyList<PixelBox> AllComponentBoxes(ReadOnlySpan<double> map, int width, int height, double tau)
    {
        Workspace ws = Quantize(map, width, height, tau, out int threshold);
        return ws.All(width, height, threshold);
    }

    /// <summary>The box of every contour of a binary mask [H, W] (true = on).</summary>
    public static IReadOnlyList<PixelBox> AllComponentBoxes(ReadOnlySpan<bool> mask, int width, int height)
    {
        Workspace ws = Load(mask, width, height);
        return ws.All(width, height, 0);
    }

    private static Workspace Quantize(ReadOnlySpan<float> map, int width, int height, double tau, out int threshold)
    {
        ScoreMapQuantizer.CheckShape(map.Length, width, height);
        ScoreMapQuantizer.CheckTau(tau, nameof(tau));
        Workspace ws = t_workspace ??= new Workspace();
        int peak = ScoreMapQuantizer.Quantize(map, width, height, ws.Levels(map.Length));
        threshold = ScoreMapQuantizer.Threshold(tau, peak);
        return ws;
    }

    private static Workspace Quantize(ReadOnlySpan<double> map, int width, int height, double tau, out int threshold)
    {
        ScoreMapQuantizer.CheckShape(map.Length, width, height);
        ScoreMapQuantizer.CheckTau(tau, nameof(tau));
        Workspace ws = t_workspace ??= new Workspace();
        int peak = ScoreMapQuantizer.Quantize(map, width, height, ws.Levels(map.Length));
        threshold = ScoreMapQuantizer.Threshold(tau, peak);
        return ws;
    }

    private static Workspace Load(ReadOnlySpan<bool> mask, int width, int height)
    {
        ScoreMapQuantizer.CheckShape(mask.Length, width, height);
        Workspace ws = t_workspace ??= new Workspace();
        Span<byte> levels = ws.Levels(mask.Length);
        for (int i = 0; i < mask.Length; i++)
        {
            levels[i] = mask[i] ? (byte)1 : (byte)0;
        }

        return ws;
    }

    private sealed class Workspace
    {
        private readonly ConnectedComponents _components = new();
        private byte[] _levels = Array.Empty<byte>();
        private int _length;

        public Span<byte> Levels(int length)
        {
            if (_levels.Length < length)
            {
                _levels = new byte[length];
            }

            _length = length;
            return _levels.AsSpan(0, length);
        }

        public PixelBox Largest(int width, int height, int threshold)
        {
            ReadOnlySpan<byte> levels = _levels.AsSpan(0, _length);
            return ConnectedComponents.TryFindOnBounds(levels, width, height, threshold, out PixelBox bounds)
                ? _components.LargestBox(levels, width, height, threshold, bounds)
                : ConnectedComponents.NoContourBox;
        }

        public IReadOnlyList<PixelBox> All(int width, int height, int threshold)
        {
            ReadOnlySpan<byte> levels = _levels.AsSpan(0, _length);
            var boxes = new List<PixelBox>();
            if (!ConnectedComponents.TryFindOnBounds(levels, width, height, threshold, out PixelBox bounds)
                || _components.AllBoxes(levels, width, height, threshold, bounds, boxes) == 0)
            {
                boxes.Add(ConnectedComponents.NoContourBox);
            }

            return boxes;
        }
    }
}
