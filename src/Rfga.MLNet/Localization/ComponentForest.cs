using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The one-pass sweeps of notes/wsol-metrics.md §8 over a <see cref="LevelGrid"/>: a union-find over the pixels
/// added in descending level gives every connected component at every threshold, with its bbox, first raster
/// pixel and 2×2-window area kept up to date as pixels arrive. Buffers are reused across maps.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Single contour: pixels enter in descending fill level e, 8-connected, so the sets at threshold t are the
/// top-level components with their holes filled; the winner is the largest (window area, first pixel).</item>
/// <item>Multi contour: pixels enter in descending q, 8-connected (every component, nested ones included); the holes
/// come from <see cref="HoleSweep"/>.</item>
/// </list>
/// The 8-connected sweeps add whole row runs (<see cref="RowRuns"/>): a run joins the sets of the member
/// segments around it (one find each), and its window-area change follows from bit counts. For a window
/// (columns x, x + 1) that gains one or two run pixels, the area change is f(after) − f(before) with f(3) = 0.5,
/// f(4) = 1 and 0 below: inside the run it is half the number of members in the other row at x and x + 1; at
/// the two ends it is 0.5 when the window already held two members. All members of a window are mutually
/// 8-adjacent, so they already share a set. While one set holds every member (most runs of a CAM-like map), a run
/// that touches any member joins it without a find and the set's extent and area build up in locals.
/// </remarks>
internal sealed class ComponentForest
{
    private const int MaxWindowRun = RowBits.WindowBits - 2; // a run and its two neighbours fit in one window
    private const int ShortRun = 8;      // parent pointers of runs up to this long are written with one masked vector store

    private readonly RowRuns _runs = new();
    private readonly RowBits _bits = new();
    private readonly SetHeap _heap = new();
    private int[] _parent = Array.Empty<int>();
    private SetExtent[] _info = Array.Empty<SetExtent>();
    private int[] _roots = Array.Empty<int>();
    private int _rootCount;
    private int _liveSets; // sets that are roots now (8-connected sweeps)
    private int _soleRoot; // the root when _liveSets is 1
    private int[] _dirty = Array.Empty<int>();
    private int[] _dirtyStamp = Array.Empty<int>();
    private int _dirtyCount;
    private int _stamp;
    private LevelGrid _grid = null!;
    private int _stride;

    /// <summary>
    /// The single-contour box at each threshold of <paramref name="descending"/> (distinct, below the peak,
    /// in descending order), written to <paramref name="boxByThreshold"/>[t], and its contour area in halves.
    /// </summary>
    public void SweepFilled(LevelGrid grid, ReadOnlySpan<int> descending, PixelBox[] boxByThreshold, int[] halfAreaByThreshold)
    {
        Begin(grid);
        _runs.Build(grid.Fill, grid.Width, grid.Height, _stride, descending);
        for (int band = 0; band < descending.Length; band++)
        {
            AddRuns(band);
            ref SetExtent largest = ref _info[Largest()];
            boxByThreshold[descending[band]] = largest.OuterBox(_grid);
            halfAreaByThreshold[descending[band]] = largest.HalfArea;
        }
    }

    /// <summary>
    /// The component boxes of the multi contour at each threshold of <paramref name="descending"/>: every 8-connected on
    /// component, each threshold's range closed with its holes (<see cref="MultiBoxOutput"/>; the holes are parked first).
    /// </summary>
    public void SweepComponents(LevelGrid grid, ReadOnlySpan<int> descending, MultiBoxOutput output)
    {
        List<PixelBox> boxes = output.Boxes;
        Begin(grid);
        _runs.Build(grid.Levels, grid.Width, grid.Height, _stride, descending);
        int parked = boxes.Count;
        for (int band = 0; band < descending.Length; band++)
        {
            AddRuns(band);
            int first = boxes.Count;
            int live = 0;
            for (int i = 0; i < _rootCount; i++)
            {
                int root = _roots[i];
                if (_parent[root] == root)
                {
                    _roots[live++] = root;
                    boxes.Add(_info[root].OuterBox(_grid));
                }
            }

            _rootCount = live;
            output.CloseThreshold(descending[band], first, parked);
        }
    }

    private void Begin(LevelGrid grid)
    {
        _grid = grid;
        _stride = grid.Stride;
        int cells = _stride * (grid.Height + 2);
        if (_info.Length < cells)
        {
            _parent = new int[cells + ShortRun];
            _info = new SetExtent[cells];
            _roots = new int[cells];
            _dirty = new int[cells];
            _dirtyStamp = new int[cells];
        }

        _bits.Reset(grid.Height + 2, _stride);

        _rootCount = 0;
        _liveSets = 0;
        _dirtyCount = 0;
        _heap.Clear();
        NextStamp();
    }

    // Adds band `band`'s runs, 8-connected: while one set holds every member, AddToSoleSet takes the runs; the others
    // (and a run that starts a new set) go through AddJoiningRuns.
    private void AddRuns(int band)
    {
        int end = _runs.BandStart(band + 1);
        for (int i = _runs.BandStart(band); i < end;)
        {
            if (_liveSets == 1)
            {
                i = AddToSoleSet(i, end);
            }

            if (i < end)
            {
                i = AddJoiningRuns(i, end);
            }
        }
    }

    // Adds runs [i, end) while each touches a member (so joins the one set) and fits a window; returns the first run
    // not added.
    private int AddToSoleSet(int i, int end)
    {
        int root = _soleRoot, begin = i;
        var writer = new ParentWriter(_parent, root);
        i = SoleSetRuns.Add(_runs.Runs, i, end, MaxWindowRun, _grid, _bits, ref writer, ref _info[root]);
        if (i > begin)
        {
            MarkDirty(root);
        }

        return i;
    }

    // Parent pointers of the runs that join one set.
    private readonly struct ParentWriter(int[] parent, int root) : SoleSetRuns.IRunWriter
    {
        private readonly Vector256<int> _lanes = Vector256.Create(root);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Write(int start, int length)
        {
            if (length <= ShortRun)
            {
                WriteShortRun(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(parent), start), length, _lanes);
            }
            else
            {
                parent.AsSpan(start, length).Fill(root);
            }
        }
    }

    // Adds runs from i on, joining the sets of the members around each (one find per member segment), until `end` or
    // until one set holds every member; returns the first run not added (at least one is).
    private int AddJoiningRuns(int i, int end)
    {
        ReadOnlySpan<long> runs = _runs.Runs;
        LevelGrid grid = _grid;
        int s = _stride, words = _bits.Words;
        ref ulong bits = ref _bits.Data;
        ref int parent = ref MemoryMarshal.GetArrayDataReference(_parent);
        ref SetExtent info = ref MemoryMarshal.GetArrayDataReference(_info);
        int lastDirty = -1;
        while (i < end)
        {
            long run = runs[i++];
            int start = (int)run, length = (int)(run >> 32), y = grid.RowOf(start);
            if (length > MaxWindowRun)
            {
                AddLongRun(start, length, y);
                lastDirty = -1;
            }
            else
            {
                int xs = start - y * s;

                ref ulong here = ref Unsafe.Add(ref bits, y * words);
                RowBits.RunWindows(ref here, words, xs, length, out ulong above, out ulong row, out ulong below);
                int root = -1;
                if ((row & 1) != 0)
                {
                    root = Join(root, Unsafe.Add(ref parent, start - 1));
                }

                if ((row >> (length + 1)) != 0)
                {
                    root = Join(root, Unsafe.Add(ref parent, start + length));
                }

                for (ulong m = above & ~(above << 1); m != 0; m &= m - 1)
                {
                    root = Join(root, Unsafe.Add(ref parent, start - s - 1 + BitOperations.TrailingZeroCount(m)));
                }

                for (ulong m = below & ~(below << 1); m != 0; m &= m - 1)
                {
                    root = Join(root, Unsafe.Add(ref parent, start + s - 1 + BitOperations.TrailingZeroCount(m)));
                }

                RowBits.Or(ref here, xs, (1UL << length) - 1);
                if (root < 0)
                {
                    root = NewSet(start, xs);
                }

                if (root != lastDirty)
                {
                    MarkDirty(root);
                    lastDirty = root;
                }

                Unsafe.Add(ref info, root).AddRun(start, xs, length,
                    RowBits.WindowAreaChange(above, row, length) + RowBits.WindowAreaChange(below, row, length));
                if (length <= ShortRun)
                {
                    WriteShortRun(ref Unsafe.Add(ref parent, start), length, Vector256.Create(root));
                }
                else
                {
                    _parent.AsSpan(start, length).Fill(root);
                }
            }

            if (_liveSets == 1)
            {
                break;
            }
        }

        return i;
    }

    // The parent pointers of a run of at most ShortRun pixels, by one masked 8-lane write (the array has ShortRun
    // cells of slack): no loop whose exit mispredicts.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteShortRun(ref int target, int length, Vector256<int> root)
    {
        Vector256<int> lanes = Vector256.LoadUnsafe(ref target);
        Vector256<int> inRun = Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(length));
        Vector256.ConditionalSelect(inRun, root, lanes).StoreUnsafe(ref target);
    }

    // A run too long for one window (rare): joins, area change, bits, set update and parent pointers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddLongRun(int start, int length, int y)
    {
        int xs = start - y * _stride, xe = xs + length - 1;
        int root = AddLongRunJoins(y, xs, xe, start, length);
        int half = _bits.AreaChange(y - 1, y, xs, xe) + _bits.AreaChange(y + 1, y, xs, xe);
        _bits.Set(y, xs, xe);
        if (root < 0)
        {
            root = NewSet(start, xs);
        }

        MarkDirty(root);
        _info[root].AddRun(start, xs, length, half);
        _parent.AsSpan(start, length).Fill(root);
    }

    // A new set rooted at a run's first pixel (its other fields are filled in by the caller).
    private int NewSet(int start, int xs)
    {
        _info[start] = SetExtent.Of(start, xs);
        _roots[_rootCount++] = start;
        _soleRoot = start;
        _liveSets++;
        return start;
    }

    // The set being built (root, or none when negative) joined with the set whose pointer is `pointer` (the parent
    // pointer of a member pixel).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Join(int root, int pointer)
    {
        int other = _parent[pointer] == pointer ? pointer : UnionFind.Find(_parent, pointer);
        return root < 0 || other == root ? other : Union(root, other);
    }

    // The joins of a run too long for one window (rare): same-row neighbours and every member segment around it.
    private int AddLongRunJoins(int y, int xs, int xe, int start, int length)
    {
        int root = -1;
        if (_bits.Bit(y, xs - 1) != 0)
        {
            root = JoinPixel(root, start - 1);
        }

        if (_bits.Bit(y, xe + 1) != 0)
        {
            root = JoinPixel(root, start + length);
        }

        root = JoinSegments(y - 1, xs - 1, xe + 1, root);
        return JoinSegments(y + 1, xs - 1, xe + 1, root);
    }

    // Joins the set of every run of members of row `row` within columns [a, b] (one find per run).
    private int JoinSegments(int row, int a, int b, int root)
    {
        int rowStart = row * _stride;
        ulong carry = 0;
        for (int w = a >> 6, last = b >> 6; w <= last; w++)
        {
            ulong starts = _bits.SegmentStarts(row, w, a, b, ref carry);
            while (starts != 0)
            {
                root = JoinPixel(root, rowStart + (w << 6) + BitOperations.TrailingZeroCount(starts));
                starts &= starts - 1;
            }
        }

        return root;
    }

    // The union of the set being built (root, or none when negative) with the set of pixel p.
    private int JoinPixel(int root, int p)
    {
        int other = UnionFind.Find(_parent, p);
        return root < 0 || other == root ? other : Union(root, other);
    }

    // Links the smaller set (by window area) under the larger and returns the root kept, which receives the merged
    // extent, first and last pixel and area. Keeping the large set's root keeps its many pixels' parent pointers
    // pointing at a root, so later joins with them need no find.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Union(int a, int b)
    {
        if (_info[b].HalfArea > _info[a].HalfArea)
        {
            (a, b) = (b, a);
        }

        _parent[b] = a;
        _soleRoot = a;
        _liveSets--;
        _info[a].Absorb(in _info[b]);
        return a;
    }

    private void MarkDirty(int root)
    {
        ref int stamp = ref _dirtyStamp[root];
        if (stamp != _stamp)
        {
            stamp = _stamp;
            _dirty[_dirtyCount++] = root;
        }
    }

    private void NextStamp()
    {
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_dirtyStamp);
            _stamp = 1;
        }
    }

    // The root with the largest (area, first pixel): ties go to the later first pixel, as OpenCV's listing puts
    // it first. Sets touched since the last call are (re)pushed; stale entries are dropped at the top (a merge
    // can lower a key: same area, earlier first pixel).
    private int Largest()
    {
        for (int i = 0; i < _dirtyCount; i++)
        {
            int root = _dirty[i];
            if (_parent[root] == root)
            {
                _heap.Push(Key(root), root);
            }
        }

        _dirtyCount = 0;
        NextStamp();
        while (_parent[_heap.TopSet] != _heap.TopSet || Key(_heap.TopSet) != _heap.TopKey)
        {
            _heap.Pop();
        }

        return _heap.TopSet;
    }

    private long Key(int root) => _info[root].Key;
}
