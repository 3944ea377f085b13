using System;

namespace Rfga.MLNet.Localization;

/// <summary>
/// One score map quantised to grey levels q = ⌊S·255⌋ on a grid padded with a one-cell frame (index
/// p = (y + 1)·Stride + x + 1, so padded order is raster order), plus each pixel's fill level e: the pixel
/// belongs to the filled set of threshold t (on, or off and enclosed) iff e &gt; t (notes/wsol-metrics.md §8).
/// Buffers grow and are reused across maps.
/// </summary>
/// <remarks>
/// e is the minimax level of a 4-connected path from the pixel to the frame: the lowest t at which the
/// pixel is off and its off component reaches the outside. A priority flood from the frame computes it
/// for every pixel at once (a bucket queue over the 256 levels) and emits the pixels in ascending e, which
/// is the order the one-pass sweeps consume. Pixels with e &gt; q are exactly those that lie in a hole at
/// some threshold.
/// </remarks>
internal sealed class LevelGrid
{
    internal const int LevelCount = ScoreMapQuantizer.MaxLevel + 1;

    private readonly int[] _head = new int[LevelCount];
    private readonly int[] _histogram = new int[LevelCount + 1];
    private byte[] _levels = Array.Empty<byte>();
    private byte[] _fill = Array.Empty<byte>();
    private byte[] _visited = Array.Empty<byte>();
    private int[] _next = Array.Empty<int>();
    private int[] _byFill = Array.Empty<int>();
    private int[] _byLevel = Array.Empty<int>();
    private int[] _enclosed = Array.Empty<int>();
    private ulong _rowMagic;
    private bool _byLevelReady;

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

    /// <summary>Number of pixels with e &gt; q (those in a hole at some threshold).</summary>
    public int EnclosedCount { get; private set; }

    /// <summary>Grey levels q on the padded grid (frame cells 0).</summary>
    public byte[] Levels => _levels;

    /// <summary>Fill levels e on the padded grid (frame cells undefined).</summary>
    public byte[] Fill => _fill;

    /// <summary>The padded indices of all pixels in ascending fill level e.</summary>
    public ReadOnlySpan<int> ByFill => _byFill.AsSpan(0, PixelCount);

    /// <summary>The padded indices of all pixels in ascending grey level q (equal to <see cref="ByFill"/> without holes).</summary>
    public ReadOnlySpan<int> ByLevel
    {
        get
        {
            if (EnclosedCount == 0)
            {
                return ByFill; // e = q everywhere
            }

            if (!_byLevelReady)
            {
                SortByLevel();
            }

            return _byLevel.AsSpan(0, PixelCount);
        }
    }

    /// <summary>The padded indices of the pixels with e &gt; q, in ascending grey level q.</summary>
    public ReadOnlySpan<int> EnclosedByLevel
    {
        get
        {
            _ = ByLevel;
            return _enclosed.AsSpan(0, EnclosedCount);
        }
    }

    /// <summary>Row of padded index <paramref name="p"/> in the padded grid: p / Stride without a division.</summary>
    public int RowOf(int p) => (int)Math.BigMul(_rowMagic, (ulong)(uint)p, out _);

    /// <summary>Validates and quantises a float32 map [H, W], then floods the fill levels.</summary>
    public void Load(ReadOnlySpan<float> map, int width, int height)
    {
        ScoreMapQuantizer.CheckShape(map.Length, width, height);
        Resize(width, height);
        int peak = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<float> row = map.Slice(y * width, width);
            Span<byte> levels = _levels.AsSpan((y + 1) * Stride + 1, width);
            for (int x = 0; x < row.Length; x++)
            {
                double value = row[x]; // widened to float64 as the reference
                if (!(value >= 0.0 && value <= 1.0))
                {
                    ScoreMapQuantizer.ThrowBadValue(value, y * width + x, width);
                }

                int q = (int)(value * ScoreMapQuantizer.MaxLevel);
                levels[x] = (byte)q;
                peak = Math.Max(peak, q);
            }
        }

        Peak = peak;
        Flood();
    }

    /// <summary>Validates and quantises a float64 map [H, W], then floods the fill levels.</summary>
    public void Load(ReadOnlySpan<double> map, int width, int height)
    {
        ScoreMapQuantizer.CheckShape(map.Length, width, height);
        Resize(width, height);
        int peak = 0;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<double> row = map.Slice(y * width, width);
            Span<byte> levels = _levels.AsSpan((y + 1) * Stride + 1, width);
            for (int x = 0; x < row.Length; x++)
            {
                double value = row[x];
                if (!(value >= 0.0 && value <= 1.0))
                {
                    ScoreMapQuantizer.ThrowBadValue(value, y * width + x, width);
                }

                int q = (int)(value * ScoreMapQuantizer.MaxLevel);
                levels[x] = (byte)q;
                peak = Math.Max(peak, q);
            }
        }

        Peak = peak;
        Flood();
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
            _visited = new byte[capacity];
            _next = new int[capacity];
            _byFill = new int[capacity];
            _byLevel = new int[capacity];
            _enclosed = new int[capacity];
        }

        Width = width;
        Height = height;
        Stride = stride;
        PixelCount = width * height;
        _rowMagic = ulong.MaxValue / (ulong)stride + 1; // ⌈2^64 / Stride⌉: exact quotient for every 32-bit p
        _byLevelReady = false;
    }

    // Priority flood from the frame: a pixel reached from level L gets e = max(L, q). The bucket queue pops
    // levels in ascending order, so each pixel is final when first reached and leaves in ascending e.
    private void Flood()
    {
        int stride = Stride, width = Width, height = Height;
        byte[] visited = _visited, levels = _levels, fill = _fill;
        int[] next = _next, head = _head, order = _byFill;
        int cells = stride * (height + 2);

        // The frame is visited from the start; the pixels are not.
        visited.AsSpan(0, stride).Fill(1);
        visited.AsSpan(cells - stride, stride).Fill(1);
        for (int y = 1; y <= height; y++)
        {
            int rowStart = y * stride;
            visited[rowStart] = 1;
            visited.AsSpan(rowStart + 1, width).Clear();
            visited[rowStart + width + 1] = 1;
        }

        head.AsSpan().Fill(-1);
        // Border pixels touch the frame: e = q.
        for (int x = 1; x <= width; x++)
        {
            Push(stride + x);
            Push(height * stride + x);
        }

        for (int y = 2; y < height; y++)
        {
            Push(y * stride + 1);
            Push(y * stride + width);
        }

        int count = 0, enclosed = 0;
        for (int level = 0; level < LevelCount && count < PixelCount; level++)
        {
            int p = head[level];
            while (p >= 0)
            {
                head[level] = next[p];
                fill[p] = (byte)level;
                order[count++] = p;
                if (levels[p] != level)
                {
                    enclosed++;
                }

                Visit(p - 1, level);
                Visit(p + 1, level);
                Visit(p - stride, level);
                Visit(p + stride, level);
                p = head[level];
            }
        }

        EnclosedCount = enclosed;

        void Push(int cell)
        {
            if (visited[cell] == 0)
            {
                visited[cell] = 1;
                int level = levels[cell];
                next[cell] = head[level];
                head[level] = cell;
            }
        }

        void Visit(int cell, int from)
        {
            if (visited[cell] == 0)
            {
                visited[cell] = 1;
                int level = Math.Max(from, levels[cell]);
                next[cell] = head[level];
                head[level] = cell;
            }
        }
    }

    // Counting sort of the pixels by q (stable in fill order), and the enclosed pixels (e > q) among them.
    private void SortByLevel()
    {
        int[] histogram = _histogram;
        Array.Clear(histogram);
        byte[] levels = _levels, fill = _fill;
        ReadOnlySpan<int> byFill = ByFill;
        foreach (int p in byFill)
        {
            histogram[levels[p] + 1]++;
        }

        for (int l = 1; l <= LevelCount; l++)
        {
            histogram[l] += histogram[l - 1];
        }

        int[] byLevel = _byLevel;
        foreach (int p in byFill)
        {
            byLevel[histogram[levels[p]]++] = p;
        }

        int enclosed = 0;
        for (int i = 0; i < PixelCount; i++)
        {
            int p = byLevel[i];
            if (fill[p] != levels[p])
            {
                _enclosed[enclosed++] = p;
            }
        }

        _byLevelReady = true;
    }
}
