using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The straightforward multi-τ path: the boxes of one score map at every τ of a grid, as
/// <see cref="BoxExtractor"/> would give them one by one, labelling each distinct threshold trunc(τ·M) from
/// scratch (at most M ≤ 255 per map), with all buffers reused across maps. It is the baseline of the
/// evaluation benchmark and an oracle of the tests; <see cref="BoxSweep"/> gives the same boxes in one pass.
/// Not thread-safe: use one instance per thread.
/// </summary>
public sealed class PerThresholdBoxSweep
{
    private const int CacheSize = ScoreMapQuantizer.MaxLevel + 1;
    private static readonly PixelBox[] s_noContour = [ConnectedComponents.NoContourBox];

    private readonly double[] _taus;
    private readonly int[] _thresholds;
    private readonly ConnectedComponents _components = new();
    private readonly PixelBox[] _singleCache = new PixelBox[CacheSize];
    private readonly int[] _cacheStamp = new int[CacheSize];
    private readonly int[] _multiStart = new int[CacheSize];
    private readonly int[] _multiCount = new int[CacheSize];
    private readonly List<PixelBox> _multiBoxes = [];
    private byte[] _levels = Array.Empty<byte>();
    private byte[] _rowPeak = Array.Empty<byte>();
    private byte[] _columnPeak = Array.Empty<byte>();
    private int _stamp;
    private int _width;
    private int _height;
    private bool _multiReady;

    /// <summary>Creates a sweep over the given thresholds (for example a <see cref="ThresholdGrid"/>).</summary>
    /// <param name="taus">Score thresholds τ, each in [0, 1]; any order.</param>
    public PerThresholdBoxSweep(IReadOnlyList<double> taus)
    {
        _taus = ThresholdGrid.CopyValidated(taus, nameof(taus));
        _thresholds = new int[_taus.Length];
    }

    /// <summary>The thresholds τ, in the order given.</summary>
    public IReadOnlyList<double> Taus => _taus;

    /// <summary>Peak grey level M of the last map.</summary>
    public int Peak { get; private set; }

    /// <summary>Number of distinct thresholds that were labelled for the last map.</summary>
    public int DistinctThresholdCount { get; private set; }

    /// <summary>The grey-level threshold trunc(τ_i·M) of the last map at τ index <paramref name="tauIndex"/>.</summary>
    public int ThresholdAt(int tauIndex) => _thresholds[tauIndex];

    /// <summary>Writes the single-contour (MaxBoxAcc) box at every τ of the row-major map [H, W].</summary>
    /// <param name="map">Scores in [0, 1], <paramref name="height"/>·<paramref name="width"/> values.</param>
    /// <param name="width">Map width W.</param>
    /// <param name="height">Map height H.</param>
    /// <param name="boxes">Receives one box per τ; length at least <c>Taus.Count</c>.</param>
    public void ComputeSingle(ReadOnlySpan<float> map, int width, int height, Span<PixelBox> boxes)
    {
        CheckDestination(boxes.Length);
        Prepare(map.Length, width, height);
        FinishQuantize(ScoreMapQuantizer.Quantize(map, width, height, _levels));
        Single(boxes);
    }

    /// <summary>Writes the single-contour box at every τ of a float64 map; see the float overload.</summary>
    public void ComputeSingle(ReadOnlySpan<double> map, int width, int height, Span<PixelBox> boxes)
    {
        CheckDestination(boxes.Length);
        Prepare(map.Length, width, height);
        FinishQuantize(ScoreMapQuantizer.Quantize(map, width, height, _levels));
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
        Prepare(map.Length, width, height);
        FinishQuantize(ScoreMapQuantizer.Quantize(map, width, height, _levels));
        Multi();
    }

    /// <summary>Computes the multi-contour boxes at every τ of a float64 map; see the float overload.</summary>
    public void ComputeMulti(ReadOnlySpan<double> map, int width, int height)
    {
        Prepare(map.Length, width, height);
        FinishQuantize(ScoreMapQuantizer.Quantize(map, width, height, _levels));
        Multi();
    }

    /// <summary>
    /// The multi-contour boxes of the last <see cref="ComputeMulti(ReadOnlySpan{float}, int, int)"/> map at τ
    /// index <paramref name="tauIndex"/> (at least one box; (0, 0, 0, 0) alone when nothing is on).
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

    private void CheckDestination(int length) => ThresholdGrid.CheckDestination(length, _taus.Length);

    private void Prepare(int length, int width, int height)
    {
        ScoreMapQuantizer.CheckShape(length, width, height);
        _multiReady = false;
        if (_levels.Length < length)
        {
            _levels = new byte[length];
        }

        if (_rowPeak.Length < height)
        {
            _rowPeak = new byte[height];
        }

        if (_columnPeak.Length < width)
        {
            _columnPeak = new byte[width];
        }

        _width = width;
        _height = height;
    }

    // Records M, the threshold of each τ, and the per-row/column peaks that give each threshold's crop.
    private void FinishQuantize(int peak)
    {
        Peak = peak;
        for (int i = 0; i < _taus.Length; i++)
        {
            _thresholds[i] = (int)Math.Truncate(_taus[i] * peak); // float64 product, as the reference
        }

        Array.Clear(_columnPeak, 0, _width);
        for (int y = 0; y < _height; y++)
        {
            ReadOnlySpan<byte> row = _levels.AsSpan(y * _width, _width);
            byte rowPeak = 0;
            for (int x = 0; x < row.Length; x++)
            {
                byte q = row[x];
                if (q > rowPeak) rowPeak = q;
                if (q > _columnPeak[x]) _columnPeak[x] = q;
            }

            _rowPeak[y] = rowPeak;
        }

        DistinctThresholdCount = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_cacheStamp);
            _stamp = 1;
        }
    }

    private void Single(Span<PixelBox> boxes)
    {
        ReadOnlySpan<byte> levels = _levels.AsSpan(0, _width * _height);
        for (int i = 0; i < _taus.Length; i++)
        {
            int threshold = _thresholds[i];
            if (threshold >= Peak)
            {
                boxes[i] = ConnectedComponents.NoContourBox; // nothing is on
                continue;
            }

            if (_cacheStamp[threshold] != _stamp)
            {
                _singleCache[threshold] = _components.LargestBox(levels, _width, _height, threshold, OnBounds(threshold));
                _cacheStamp[threshold] = _stamp;
                DistinctThresholdCount++;
            }

            boxes[i] = _singleCache[threshold];
        }
    }

    private void Multi()
    {
        ReadOnlySpan<byte> levels = _levels.AsSpan(0, _width * _height);
        _multiBoxes.Clear();
        for (int i = 0; i < _taus.Length; i++)
        {
            int threshold = _thresholds[i];
            if (threshold >= Peak || _cacheStamp[threshold] == _stamp)
            {
                continue;
            }

            _multiStart[threshold] = _multiBoxes.Count;
            _multiCount[threshold] = _components.AllBoxes(levels, _width, _height, threshold, OnBounds(threshold), _multiBoxes);
            _cacheStamp[threshold] = _stamp;
            DistinctThresholdCount++;
        }

        _multiReady = true;
    }

    // Bounding box of the pixels with q > threshold, from the row and column peaks; non-empty when threshold < M.
    private PixelBox OnBounds(int threshold)
    {
        int y0 = 0, y1 = _height - 1, x0 = 0, x1 = _width - 1;
        while (_rowPeak[y0] <= threshold) y0++;
        while (_rowPeak[y1] <= threshold) y1--;
        while (_columnPeak[x0] <= threshold) x0++;
        while (_columnPeak[x1] <= threshold) x1--;
        return new PixelBox(x0, y0, x1, y1);
    }
}
