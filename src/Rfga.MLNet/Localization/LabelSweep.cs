using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The single-contour sweep of <see cref="ComponentForest.SweepFilled"/> with set labels instead of a union-find:
/// every member pixel holds its set's label in a byte plane. The first set born has label 0 and absorbs every set it
/// meets, so while it is the only set (most runs of a CAM-like map) runs join it from the membership bits alone, as in
/// <see cref="ComponentForest"/>, and write no label; the others get labels 1–255. While several live, a run reads the labels around it
/// with three 64-byte loads and, when they agree (almost always), joins that set without a find. A run that touches
/// several sets merges them into the first set if it is among them, else into the one with the largest area; the others
/// are relabelled inside their bounding boxes. The sets at each
/// threshold are the same as the union-find's and the winner is chosen by the same (window area, first pixel) key, so
/// the boxes and areas are identical; on noisy CAM-like maps, whose background holds many small sets, it is ~17% faster.
/// The multi contour's components (<see cref="TrySweepComponents"/>) are the same sweep over the grey levels q instead of
/// the fill levels, reading every live set at each threshold.
/// </summary>
/// <remarks>
/// Needs AVX-512 BW (<see cref="IsSupported"/>). With more than 256 sets alive at once (maps of many separate specks)
/// the sweeps give up and return false; the caller then runs <see cref="ComponentForest"/>.
/// Buffers are reused across maps; not thread-safe.
/// </remarks>
internal sealed class LabelSweep
{
    private const int MaxLabels = 255;
    private const int MaxWindowRun = RowBits.WindowBits - 2; // a run and its two neighbours fit one window

    private readonly RowRuns _runs = new();
    private readonly RowBits _bits = new();
    private readonly SetExtent[] _info = new SetExtent[MaxLabels + 1];
    private readonly byte[] _free = new byte[MaxLabels];
    private readonly byte[] _live = new byte[MaxLabels + 1];
    private readonly int[] _livePosition = new int[MaxLabels + 1];
    private int _freeCount;
    private int _liveCount;
    private bool _hasFirst; // label 0 is taken by the first set
    private byte[] _labels = Array.Empty<byte>();
    private LevelGrid _grid = null!;
    private int _stride;

    /// <summary>Whether this machine runs the sweep (AVX-512 BW, for the label windows).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported;

    /// <summary>
    /// The single-contour box at each threshold of <paramref name="descending"/> (distinct, below the peak, in
    /// descending order), written to <paramref name="boxByThreshold"/>[t], and its contour area in halves; false
    /// (the outputs partly written) when more than 256 sets were alive at once.
    /// </summary>
    public bool TrySweepFilled(LevelGrid grid, ReadOnlySpan<int> descending, PixelBox[] boxByThreshold, int[] halfAreaByThreshold)
    {
        Begin(grid);
        _runs.Build(grid.Fill, grid.Width, grid.Height, _stride, descending);
        for (int band = 0; band < descending.Length; band++)
        {
            if (!AddRuns(band))
            {
                return false;
            }

            ref SetExtent largest = ref _info[Largest()];
            boxByThreshold[descending[band]] = largest.OuterBox(grid);
            halfAreaByThreshold[descending[band]] = largest.HalfArea;
        }

        return true;
    }

    /// <summary>
    /// The multi contour's component boxes at each threshold of <paramref name="descending"/> (every 8-connected set of
    /// pixels with q above it), each threshold's range closed with its holes (<see cref="MultiBoxOutput"/>); false (the
    /// output partly written) when more than 256 sets were alive at once.
    /// </summary>
    public bool TrySweepComponents(LevelGrid grid, ReadOnlySpan<int> descending, MultiBoxOutput output)
    {
        List<PixelBox> boxes = output.Boxes;
        Begin(grid);
        _runs.Build(grid.Levels, grid.Width, grid.Height, _stride, descending);
        int parked = boxes.Count;
        for (int band = 0; band < descending.Length; band++)
        {
            if (!AddRuns(band))
            {
                return false;
            }

            int first = boxes.Count;
            for (int k = 0; k < _liveCount; k++)
            {
                boxes.Add(_info[_live[k]].OuterBox(grid));
            }

            output.CloseThreshold(descending[band], first, parked);
        }

        return true;
    }

    private void Begin(LevelGrid grid)
    {
        _grid = grid;
        _stride = grid.Stride;
        int cells = _stride * (grid.Height + 2) + Vector512<byte>.Count; // slack for the last rows' windows
        if (_labels.Length < cells)
        {
            _labels = new byte[cells];
        }
        else
        {
            Array.Clear(_labels, 0, cells);
        }

        for (int i = 0; i < MaxLabels; i++)
        {
            _free[i] = (byte)(MaxLabels - i); // label 1 is taken first
        }

        _freeCount = MaxLabels;
        _liveCount = 0;
        _hasFirst = false;
        _bits.Reset(grid.Height + 2, _stride);
    }

    // Adds band `band`'s runs; false when a new set finds no free label.
    private bool AddRuns(int band)
    {
        int end = _runs.BandStart(band + 1);
        for (int i = _runs.BandStart(band); i < end;)
        {
            if (_liveCount == 1)
            {
                i = AddToSole(i, end);
            }

            if (i < end)
            {
                i = AddAmongSets(i, end);
                if (i < 0)
                {
                    return false;
                }
            }
        }

        return true;
    }

    // Adds runs [i, end) to the only live set, the first one (label 0, never merged away: nothing to write), while each
    // touches a member and fits a window; returns the first run not added.
    private int AddToSole(int i, int end)
    {
        var nothing = default(NoLabels);
        return SoleSetRuns.Add(_runs.Runs, i, end, MaxWindowRun, _grid, _bits, ref nothing, ref _info[0]);
    }

    private struct NoLabels : SoleSetRuns.IRunWriter
    {
        public readonly void Write(int start, int length)
        {
        }
    }

    // Adds runs from i on until `end` or until one set lives: a run whose members around all carry one label joins that
    // set; one that touches several sets merges them first; one that touches none starts a set. Returns the first run
    // not added, or −1 when no label is free.
    private int AddAmongSets(int i, int end)
    {
        ReadOnlySpan<long> runs = _runs.Runs;
        LevelGrid grid = _grid;
        int s = _stride, words = _bits.Words;
        ref ulong bits = ref _bits.Data;
        ref byte labels = ref MemoryMarshal.GetArrayDataReference(_labels);
        while (i < end)
        {
            long run = runs[i++];
            int start = (int)run, length = (int)(run >> 32);
            if (length > MaxWindowRun)
            {
                if (!AddLongRun(start, length))
                {
                    return -1;
                }
            }
            else
            {
                int y = grid.RowOf(start), xs = start - y * s;
                ref ulong here = ref Unsafe.Add(ref bits, y * words);
                RowBits.RunWindows(ref here, words, xs, length, out ulong above, out ulong row, out ulong below);
                ref byte window = ref Unsafe.Add(ref labels, start - 1); // lane k: column xs − 1 + k, as bit k
                int label;
                if ((above | row | below) == 0)
                {
                    label = NewLabel(start);
                    if (label < 0)
                    {
                        return -1;
                    }
                }
                else
                {
                    int offset = above != 0 ? BitOperations.TrailingZeroCount(above) - s
                        : row != 0 ? BitOperations.TrailingZeroCount(row) : BitOperations.TrailingZeroCount(below) + s;
                    label = Unsafe.Add(ref window, offset);
                    var lanes = Vector512.Create((byte)label);
                    ulong others = (above & ~Vector512.Equals(Vector512.LoadUnsafe(ref Unsafe.Subtract(ref window, s)), lanes).ExtractMostSignificantBits())
                        | (row & ~Vector512.Equals(Vector512.LoadUnsafe(ref window), lanes).ExtractMostSignificantBits())
                        | (below & ~Vector512.Equals(Vector512.LoadUnsafe(ref Unsafe.Add(ref window, s)), lanes).ExtractMostSignificantBits());
                    if (others != 0)
                    {
                        label = MergeAround(ref window, above, row, below);
                    }
                }

                RowBits.Or(ref here, xs, (1UL << length) - 1);
                if (label != 0)
                {
                    WriteLabels(ref Unsafe.Add(ref window, 1), length, label);
                }

                _info[label].AddRun(start, xs, length, RowBits.WindowAreaChange(above, row, length) + RowBits.WindowAreaChange(below, row, length));
            }

            if (_liveCount == 1)
            {
                break;
            }
        }

        return i;
    }

    // The labels of a run: one 8-byte read-modify-write for up to 8 pixels.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteLabels(ref byte first, int length, int label)
    {
        if (length <= 8)
        {
            ulong old = Unsafe.ReadUnaligned<ulong>(ref first);
            ulong keep = ulong.MaxValue << (8 * length - 1) << 1; // bytes past the run (none for 8)
            Unsafe.WriteUnaligned(ref first, (old & keep) | (0x0101010101010101UL * (byte)label & ~keep));
        }
        else
        {
            MemoryMarshal.CreateSpan(ref first, length).Fill((byte)label);
        }
    }

    // Merges every set with a member in the window (member bits above, row, below; lane k of `window` is bit k) into the
    // one with the largest area; returns its label.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int MergeAround(ref byte window, ulong above, ulong row, ulong below)
    {
        int s = _stride, count = 0;
        Span<int> touched = stackalloc int[3 * Vector512<byte>.Count];
        for (ulong m = above; m != 0; m &= m - 1)
        {
            touched[count++] = Unsafe.Add(ref window, BitOperations.TrailingZeroCount(m) - s);
        }

        for (ulong m = row; m != 0; m &= m - 1)
        {
            touched[count++] = Unsafe.Add(ref window, BitOperations.TrailingZeroCount(m));
        }

        for (ulong m = below; m != 0; m &= m - 1)
        {
            touched[count++] = Unsafe.Add(ref window, BitOperations.TrailingZeroCount(m) + s);
        }

        return MergeAll(touched[..count]);
    }

    // Merges the sets of `touched` (labels, repeats allowed) into the first set (label 0) when it is among them, else
    // into the one with the largest area; returns the label kept.
    private int MergeAll(ReadOnlySpan<int> touched)
    {
        int keep = touched[0];
        foreach (int label in touched)
        {
            if (keep != 0 && (label == 0 || _info[label].HalfArea > _info[keep].HalfArea))
            {
                keep = label;
            }
        }

        foreach (int label in touched)
        {
            if (label != keep && _livePosition[label] >= 0)
            {
                Merge(keep, label);
            }
        }

        return keep;
    }

    // Moves set `gone` (never the first set) into set `keep`: relabels its pixels (only they carry its label, all inside its bbox; a 64-byte
    // block may run into the next row, where any pixel with that label is the set's too) and frees the label.
    private void Merge(int keep, int gone)
    {
        ref SetExtent g = ref _info[gone];
        var from = Vector512.Create((byte)gone);
        var to = Vector512.Create((byte)keep);
        ref byte labels = ref MemoryMarshal.GetArrayDataReference(_labels);
        for (int y = _grid.RowOf(g.First), last = _grid.RowOf(g.Last); y <= last; y++)
        {
            for (int x = g.X0; x <= g.X1; x += Vector512<byte>.Count)
            {
                ref byte at = ref Unsafe.Add(ref labels, y * _stride + x);
                Vector512<byte> v = Vector512.LoadUnsafe(ref at);
                Vector512.ConditionalSelect(Vector512.Equals(v, from), to, v).StoreUnsafe(ref at);
            }
        }

        _info[keep].Absorb(in g);

        int position = _livePosition[gone];
        byte moved = _live[--_liveCount];
        _live[position] = moved;
        _livePosition[moved] = position;
        _livePosition[gone] = -1;
        _free[_freeCount++] = (byte)gone;
    }

    // A new set for the run starting at `start`: label 0 for the first, then a free one; −1 when none is free.
    private int NewLabel(int start)
    {
        int label;
        if (!_hasFirst)
        {
            label = 0;
            _hasFirst = true;
        }
        else if (_freeCount == 0)
        {
            return -1;
        }
        else
        {
            label = _free[--_freeCount];
        }

        _livePosition[label] = _liveCount;
        _live[_liveCount++] = (byte)label;
        int xs = start - _grid.RowOf(start) * _stride;
        _info[label] = SetExtent.Of(start, xs);
        return label;
    }

    // A run too long for one window (rare): the members around it one by one (membership from the bits, identity from
    // the labels), the area from the bits.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool AddLongRun(int start, int length)
    {
        byte[] labels = _labels;
        RowBits bits = _bits;
        int s = _stride, y = _grid.RowOf(start), xs = start - y * s, xe = xs + length - 1;
        Span<int> touched = length <= 1024 ? stackalloc int[2 * length + 6] : new int[2 * length + 6];
        int count = 0;
        for (int x = xs - 1; x <= xe + 1; x++)
        {
            if (bits.Bit(y - 1, x) != 0)
            {
                touched[count++] = labels[(y - 1) * s + x];
            }

            if (bits.Bit(y + 1, x) != 0)
            {
                touched[count++] = labels[(y + 1) * s + x];
            }
        }

        foreach (int x in (ReadOnlySpan<int>)[xs - 1, xe + 1])
        {
            if (bits.Bit(y, x) != 0)
            {
                touched[count++] = labels[y * s + x];
            }
        }

        int label = count == 0 ? NewLabel(start) : MergeAll(touched[..count]);
        if (label < 0)
        {
            return false;
        }

        int half = _bits.AreaChange(y - 1, y, xs, xe) + _bits.AreaChange(y + 1, y, xs, xe);
        _bits.Set(y, xs, xe);
        labels.AsSpan(start, length).Fill((byte)label);
        _info[label].AddRun(start, xs, length, half);
        return true;
    }

    // The live set with the largest (area, first pixel): ties go to the later first pixel, as OpenCV's listing puts it
    // first (ComponentForest's rule).
    private int Largest()
    {
        int best = _live[0];
        long bestKey = Key(best);
        for (int i = 1; i < _liveCount; i++)
        {
            int label = _live[i];
            long key = Key(label);
            if (key > bestKey)
            {
                (best, bestKey) = (label, key);
            }
        }

        return best;
    }

    private long Key(int label) => _info[label].Key;
}
