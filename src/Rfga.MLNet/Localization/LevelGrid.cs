using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// One score map quantised to grey levels q = ⌊S·255⌋ on a grid padded with a one-cell frame (index
/// p = (y + 1)·Stride + x + 1, so padded order is raster order), plus each pixel's fill level e: the pixel
/// belongs to the filled set of threshold t (on, or off and enclosed) iff e &gt; t (notes/wsol-metrics.md §8).
/// Buffers grow and are reused across maps.
/// </summary>
/// <remarks>
/// e is the minimax level of a 4-connected path from the pixel to the frame: the lowest t at which the
/// pixel is off and its off component reaches the outside. Pixels with e &gt; q are exactly those that lie in
/// a hole at some threshold.
/// </remarks>
internal sealed class LevelGrid
{
    internal const int LevelCount = ScoreMapQuantizer.MaxLevel + 1;

    private readonly Queue<int> _queue = new();
    private byte[] _levels = Array.Empty<byte>();
    private byte[] _fill = Array.Empty<byte>();
    private int[] _enclosed = Array.Empty<int>();
    private int[] _scratch = Array.Empty<int>();
    private ulong _rowMagic;
    private int _enclosedCount = -1;

    /// <summary>Map width W.</summary>
    public int Width { get; private set; }

    /// <summary>Map height H.</summary>
    public int Height { get; private set; }

    /// <summary>Row length of the padded grid, W + 2.</summary>
    public int Stride { get; private set; }

    /// <summary>Number of map pixels, W·H.</summary>
    public int PixelCount { get; private set; }

    /// <summary>Peak grey level M of the map.</summary>
    public int Peak { get; private set; }

    /// <summary>Grey levels q on the padded grid (frame cells 0).</summary>
    public byte[] Levels => _levels;

    /// <summary>Fill levels e on the padded grid (frame cells 0).</summary>
    public byte[] Fill => _fill;

    /// <summary>The pixels (padded indices) with e &gt; q, in ascending q, raster order within a level.</summary>
    public ReadOnlySpan<int> EnclosedByLevel()
    {
        if (_enclosedCount < 0)
        {
            ListEnclosed();
        }

        return _enclosed.AsSpan(0, _enclosedCount);
    }

    /// <summary>Row of padded index <paramref name="p"/> in the padded grid: p / Stride without a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int RowOf(int p) => (int)Math.BigMul(_rowMagic, (ulong)(uint)p, out _);

    /// <summary>Validates and quantises a float32 map [H, W] (values widened to float64), then computes e.</summary>
    public void Load(ReadOnlySpan<float> map, int width, int height)
    {
        ScoreMapQuantizer.CheckShape(map.Length, width, height);
        Resize(width, height);
        int peak = 0;
        for (int y = 0; y < height; y++)
        {
            peak = Math.Max(peak, ScoreMapQuantizer.QuantizeValues(
                map.Slice(y * width, width), _levels.AsSpan((y + 1) * Stride + 1, width), y * width, width));
            ForwardScan(y + 1);
        }

        Peak = peak;
        FinishFill();
    }

    /// <summary>Validates and quantises a float64 map [H, W], then computes e.</summary>
    public void Load(ReadOnlySpan<double> map, int width, int height)
    {
        ScoreMapQuantizer.CheckShape(map.Length, width, height);
        Resize(width, height);
        int peak = 0;
        for (int y = 0; y < height; y++)
        {
            peak = Math.Max(peak, ScoreMapQuantizer.QuantizeValues(
                map.Slice(y * width, width), _levels.AsSpan((y + 1) * Stride + 1, width), y * width, width));
            ForwardScan(y + 1);
        }

        Peak = peak;
        FinishFill();
    }

    private void Resize(int width, int height)
    {
        int stride = width + 2;
        long cells = (long)stride * (height + 2);
        if (cells > int.MaxValue / 2)
        {
            throw new ArgumentException($"A {width}×{height} map is too large to sweep.", "map");
        }

        if (_levels.Length < cells)
        {
            int capacity = (int)cells;
            _levels = new byte[capacity];
            _fill = new byte[capacity];
            _enclosed = new int[capacity];
            _scratch = new int[capacity];
        }

        Width = width;
        Height = height;
        Stride = stride;
        PixelCount = width * height;
        _rowMagic = ulong.MaxValue / (ulong)stride + 1; // ⌈2^64 / Stride⌉: exact quotient for every 32-bit p
        _enclosedCount = -1;
        _fill.AsSpan(0, stride).Clear(); // the frame rows read as 0
        _fill.AsSpan(stride * (height + 1), stride).Clear();
    }

    // Fill levels by grey-scale reconstruction by erosion from the frame (Vincent's hybrid algorithm): a
    // raster scan (row by row, right after each row is quantised) and an anti-raster scan settle
    // e = max(q, min over 4-neighbours of e) for almost every pixel; a FIFO finishes the few pixels a later
    // neighbour still lowers (pits, winding valleys). The frame holds 0: the outside is off at every threshold.
    private void ForwardScan(int y)
    {
        ref byte levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        ref byte fill = ref MemoryMarshal.GetArrayDataReference(_fill);
        int stride = Stride;
        int p = y * stride;
        Unsafe.Add(ref fill, p) = 0; // left frame
        Unsafe.Add(ref fill, p + Width + 1) = 0; // right frame
        int left = 0;
        for (int end = ++p + Width; p < end; p++)
        {
            int v = Math.Max(Unsafe.Add(ref levels, p), Math.Min(Unsafe.Add(ref fill, p - stride), left));
            Unsafe.Add(ref fill, p) = (byte)v;
            left = v;
        }
    }

    private void FinishFill()
    {
        int stride = Stride, width = Width;
        ref byte levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        ref byte fill = ref MemoryMarshal.GetArrayDataReference(_fill);
        Queue<int> queue = _queue;
        for (int y = Height; y >= 1; y--)
        {
            int p = y * stride + width;
            int right = 0; // frame
            for (int end = p - width; p > end; p--)
            {
                int down = Unsafe.Add(ref fill, p + stride);
                int v = Math.Max(Unsafe.Add(ref levels, p), Math.Min(Unsafe.Add(ref fill, p), Math.Min(down, right)));
                Unsafe.Add(ref fill, p) = (byte)v;
                // A neighbour the anti-raster scan settled before p may still come down through p.
                if ((right > v && right > Unsafe.Add(ref levels, p + 1)) || (down > v && down > Unsafe.Add(ref levels, p + stride)))
                {
                    queue.Enqueue(p);
                }

                right = v;
            }
        }

        while (queue.Count > 0)
        {
            int p = queue.Dequeue();
            int v = _fill[p];
            Lower(p - 1, v);
            Lower(p + 1, v);
            Lower(p - stride, v);
            Lower(p + stride, v);
        }

        void Lower(int cell, int from)
        {
            int target = Math.Max(from, _levels[cell]);
            if (_fill[cell] > target)
            {
                _fill[cell] = (byte)target;
                queue.Enqueue(cell);
            }
        }
    }

    // The pixels with e > q by ascending q (a counting sort, stable in raster order).
    private void ListEnclosed()
    {
        int stride = Stride, width = Width, count = 0;
        Span<int> counts = stackalloc int[LevelCount];
        counts.Clear();
        for (int y = 1; y <= Height; y++)
        {
            for (int p = y * stride + 1, end = p + width; p < end; p++)
            {
                if (_fill[p] != _levels[p])
                {
                    _scratch[count++] = p;
                    counts[_levels[p]]++;
                }
            }
        }

        for (int level = 0, sum = 0; level < LevelCount; level++)
        {
            (counts[level], sum) = (sum, sum + counts[level]);
        }

        for (int i = 0; i < count; i++)
        {
            int p = _scratch[i];
            _enclosed[counts[_levels[p]]++] = p;
        }

        _enclosedCount = count;
    }
}
