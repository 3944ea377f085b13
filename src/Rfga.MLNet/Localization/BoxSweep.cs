using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The boxes of one score map at every τ of a grid, exactly as <see cref="BoxExtractor"/> gives them one τ
/// at a time, computed in one descending pass over the map (notes/wsol-metrics.md §8) instead of
/// re-thresholding it for each τ. All buffers are reused across maps: no allocation per map once warm.
/// Not thread-safe: use one instance per thread.
/// </summary>
/// <remarks>
/// Steps: quantise (q = ⌊S·255⌋, M = max q, thr_i = trunc(τ_i·M)); fill levels e by grey-scale reconstruction
/// from the frame (a pixel is in the hole-filled set of threshold t iff e &gt; t); cut each row into runs of pixels
/// that join at the same threshold; add the runs threshold by threshold to a union-find that keeps each set's
/// bbox, first pixel and 2×2-window area; read the largest set (single) or every set plus every hole (multi) at
/// each distinct threshold. Where AVX-512 runs, the single contour and the multi contour's components use
/// <see cref="LabelSweep"/> (set labels instead of the union-find, same sets), falling back to
/// <see cref="ComponentForest"/> for maps with more than 256 live sets; the holes come from <see cref="HoleSweep"/>.
/// <see cref="PerThresholdBoxSweep"/> is the straightforward path (one labelling per distinct threshold); both give
/// identical boxes, which the tests check on thousands of random and adversarial maps, and both match OpenCV 4.6's
/// contours.
/// </remarks>
public sealed class BoxSweep
{
    private static readonly PixelBox[] s_noContour = [ConnectedComponents.NoContourBox];

    private readonly double[] _taus;
    private readonly int[] _thresholds;
    private readonly LevelGrid _grid = new();
    private readonly ComponentForest _forest = new();
    private readonly HoleSweep _holes = new();
    private readonly LabelSweep? _labels = LabelSweep.IsSupported ? new() : null; // faster single contour where it runs
    private readonly PixelBox[] _boxByThreshold = new PixelBox[LevelGrid.LevelCount];
    private readonly int[] _halfAreaByThreshold = new int[LevelGrid.LevelCount];
    private readonly int[] _multiStart = new int[LevelGrid.LevelCount];
    private readonly int[] _multiCount = new int[LevelGrid.LevelCount];
    private readonly int[] _holeStart = new int[LevelGrid.LevelCount];
    private readonly int[] _holeCount = new int[LevelGrid.LevelCount];
    private readonly bool[] _needed = new bool[LevelGrid.LevelCount];
    private readonly int[] _descending = new int[LevelGrid.LevelCount];
    private readonly List<PixelBox> _multiBoxes = [];
    private int _distinct;
    private bool _multiReady;

    /// <summary>Creates a sweep over the given thresholds (for example a <see cref="ThresholdGrid"/>).</summary>
    /// <param name="taus">Score thresholds τ, each in [0, 1]; any order.</param>
    public BoxSweep(IReadOnlyList<double> taus)
    {
        _taus = ThresholdGrid.CopyValidated(taus, nameof(taus));
        _thresholds = new int[_taus.Length];
    }

    /// <summary>The thresholds τ, in the order given.</summary>
    public IReadOnlyList<double> Taus => _taus;

    /// <summary>Peak grey level M of the last map.</summary>
    public int Peak => _grid.Peak;

    /// <summary>Number of distinct thresholds below M (those that have any pixel on) of the last map.</summary>
    public int DistinctThresholdCount => _distinct;

    /// <summary>The grey-level threshold trunc(τ_i·M) of the last map at τ index <paramref name="tauIndex"/>.</summary>
    public int ThresholdAt(int tauIndex) => _thresholds[tauIndex];

    /// <summary>Writes the single-contour (MaxBoxAcc) box at every τ of the row-major map [H, W].</summary>
    /// <param name="map">Scores in [0, 1], <paramref name="height"/>·<paramref name="width"/> values; validated.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="height">Map height H.</param>
    /// <param name="boxes">Receives one box per τ; length at least <c>Taus.Count</c>.</param>
    public void ComputeSingle(ReadOnlySpan<float> map, int width, int height, Span<PixelBox> boxes)
    {
        CheckDestination(boxes.Length);
        _multiReady = false;
        _grid.Load(map, width, height);
        Single(boxes);
    }

    /// <summary>Writes the single-contour box at every τ of a float64 map; see the float overload.</summary>
    public void ComputeSingle(ReadOnlySpan<double> map, int width, int height, Span<PixelBox> boxes)
    {
        CheckDestination(boxes.Length);
        _multiReady = false;
        _grid.Load(map, width, height);
        Single(boxes);
    }

    /// <summary>The single-contour (MaxBoxAcc) box at every τ, as a new array.</summary>
    public PixelBox[] ComputeSingle(ReadOnlySpan<float> map, int width, int height)
    {
        var boxes = new PixelBox[_taus.Length];
        ComputeSingle(map, width, height, boxes);
        return boxes;
    }

    /// <summary>The single-contour box at every τ of a float64 map, as a new array.</summary>
    public PixelBox[] ComputeSingle(ReadOnlySpan<double> map, int width, int height)
    {
        var boxes = new PixelBox[_taus.Length];
        ComputeSingle(map, width, height, boxes);
        return boxes;
    }

    /// <summary>
    /// Computes the multi-contour (MaxBoxAccV2) boxes at every τ of the row-major map [H, W]; read them with
    /// <see cref="MultiBoxesAt"/> until the next call.
    /// </summary>
    public void ComputeMulti(ReadOnlySpan<float> map, int width, int height)
    {
        _multiReady = false;
        _grid.Load(map, width, height);
        Multi();
    }

    /// <summary>Computes the multi-contour boxes at every τ of a float64 map; see the float overload.</summary>
    public void ComputeMulti(ReadOnlySpan<double> map, int width, int height)
    {
        _multiReady = false;
        _grid.Load(map, width, height);
        Multi();
    }

    /// <summary>
    /// The multi-contour boxes of the last <see cref="ComputeMulti(ReadOnlySpan{float}, int, int)"/> map at τ
    /// index <paramref name="tauIndex"/>: the box of every 8-connected component (nested ones included) and
    /// the grown box of every hole, in no particular order; (0, 0, 0, 0) alone when nothing is on.
    /// </summary>
    public ReadOnlySpan<PixelBox> MultiBoxesAt(int tauIndex)
    {
        if (!_multiReady)
        {
            throw new InvalidOperationException("MultiBoxesAt needs a preceding ComputeMulti call.");
        }

        int threshold = _thresholds[tauIndex];
        return threshold >= Peak
            ? s_noContour
            : CollectionsMarshal.AsSpan(_multiBoxes).Slice(_multiStart[threshold], _multiCount[threshold]);
    }

    /// <summary>For tests: the contourArea of the single-contour winner of the last map at τ index i (0 when nothing is on).</summary>
    internal double LargestAreaAt(int tauIndex) => _thresholds[tauIndex] >= Peak ? 0 : _halfAreaByThreshold[_thresholds[tauIndex]] / 2.0;

    /// <summary>For tests: the fill levels e of the last map, row-major [H, W].</summary>
    internal byte[] FillLevels()
    {
        var fill = new byte[_grid.Width * _grid.Height];
        for (int y = 0; y < _grid.Height; y++)
        {
            _grid.Fill.AsSpan((y + 1) * _grid.Stride + 1, _grid.Width).CopyTo(fill.AsSpan(y * _grid.Width));
        }

        return fill;
    }

    private void CheckDestination(int length) => ThresholdGrid.CheckDestination(length, _taus.Length);

    // thr_i = trunc(τ_i·M) in float64 as the reference; the distinct ones below M, in descending order.
    private ReadOnlySpan<int> Thresholds()
    {
        int peak = _grid.Peak;
        Array.Clear(_needed);
        for (int i = 0; i < _taus.Length; i++)
        {
            int threshold = (int)Math.Truncate(_taus[i] * peak);
            _thresholds[i] = threshold;
            if (threshold < peak)
            {
                _needed[threshold] = true;
            }
        }

        _distinct = 0;
        for (int t = peak - 1; t >= 0; t--)
        {
            if (_needed[t])
            {
                _descending[_distinct++] = t;
            }
        }

        return _descending.AsSpan(0, _distinct);
    }

    private void Single(Span<PixelBox> boxes)
    {
        ReadOnlySpan<int> descending = Thresholds();
        if (descending.Length > 0 && _labels?.TrySweepFilled(_grid, descending, _boxByThreshold, _halfAreaByThreshold) != true)
        {
            _forest.SweepFilled(_grid, descending, _boxByThreshold, _halfAreaByThreshold);
        }

        int peak = _grid.Peak;
        for (int i = 0; i < _taus.Length; i++)
        {
            int threshold = _thresholds[i];
            boxes[i] = threshold >= peak ? ConnectedComponents.NoContourBox : _boxByThreshold[threshold];
        }
    }

    private void Multi()
    {
        ReadOnlySpan<int> descending = Thresholds();
        _multiBoxes.Clear();
        if (descending.Length > 0)
        {
            // Holes first, parked at the start of the list; then the components (LabelSweep where it runs), each
            // threshold's range followed by a copy of its holes.
            _holes.Sweep(_grid, descending, _multiBoxes, _holeStart, _holeCount);
            int parked = _multiBoxes.Count;
            var output = new MultiBoxOutput(_multiBoxes, _holeStart, _holeCount, _multiStart, _multiCount);
            if (_labels?.TrySweepComponents(_grid, descending, output) != true)
            {
                _multiBoxes.RemoveRange(parked, _multiBoxes.Count - parked); // what the label sweep wrote before it gave up
                _forest.SweepComponents(_grid, descending, output);
            }

            _multiBoxes.RemoveRange(0, parked);
        }

        _multiReady = true;
    }
}
