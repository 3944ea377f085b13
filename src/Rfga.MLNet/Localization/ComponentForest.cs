using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The one-pass sweeps of notes/wsol-metrics.md §8 over a <see cref="LevelGrid"/>: a union-find over the
/// pixels added in descending level gives every connected component at every threshold, with its bbox,
/// first raster pixel and 2×2-window area kept up to date as pixels arrive. Buffers are reused across maps.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Single contour: pixels enter in descending fill level e, 8-connected, so the sets at threshold t are
/// the top-level components with their holes filled; the winner is the largest (window area, first pixel).</item>
/// <item>Multi contour: pixels enter in descending q, 8-connected (every component, nested ones included),
/// and the enclosed pixels enter in ascending q, 4-connected (every hole while its e is above t).</item>
/// </list>
/// When pixel p arrives, the on pixels of each 2×2 window containing p are mutually 8-adjacent, so they are
/// already in one set and the window's area change (3 pixels: +0.5, 4: +0.5 more) goes to p's final set.
/// </remarks>
internal sealed class ComponentForest
{
    private struct SetInfo
    {
        public int First;    // smallest padded index = first raster pixel (its row is the top row)
        public int Last;     // largest padded index (its row is the bottom row)
        public int HalfArea; // window area in halves: 2 per window with 4 members, 1 per window with 3
        public int X0, X1;   // padded columns
    }

    // Neighbour bits of an 8-neighbourhood mask, row by row: NW, N, NE, W, E, SW, S, SE.
    private static readonly (int Dx, int Dy)[] s_neighbours = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)];
    private static readonly byte[] s_areaDelta = BuildAreaDelta();
    private static readonly int[] s_representatives = BuildRepresentatives();

    private readonly int[] _offsets = new int[8];
    private int[] _parent = Array.Empty<int>();
    private SetInfo[] _info = Array.Empty<SetInfo>();
    private byte[] _member = Array.Empty<byte>();
    private int[] _roots = Array.Empty<int>();
    private int _rootCount;
    private int[] _dirty = Array.Empty<int>();
    private int[] _dirtyStamp = Array.Empty<int>();
    private int _dirtyCount;
    private int _stamp;
    private long[] _heapKey = Array.Empty<long>();
    private int[] _heapRoot = Array.Empty<int>();
    private int _heapSize;
    private LevelGrid _grid = null!;
    private int _stride;

    /// <summary>
    /// The single-contour box at each threshold of <paramref name="descending"/> (distinct, below the peak,
    /// in descending order), written to <paramref name="boxByThreshold"/>[t].
    /// </summary>
    public void SweepFilled(LevelGrid grid, ReadOnlySpan<int> descending, PixelBox[] boxByThreshold)
    {
        Begin(grid);
        ReadOnlySpan<int> order = grid.ByFill;
        int added = order.Length;
        foreach (int threshold in descending)
        {
            // The pixels with e > threshold, highest first.
            int stop = grid.FillStart(threshold + 1);
            AddDescending(order, added, stop);
            added = Math.Min(added, stop);
            boxByThreshold[threshold] = OuterBox(ref _info[Largest()]);
        }
    }

    /// <summary>
    /// The multi-contour boxes at each threshold of <paramref name="descending"/>: every 8-connected on
    /// component and every hole. Appends them to <paramref name="boxes"/> with their range per threshold.
    /// </summary>
    public void SweepAll(LevelGrid grid, ReadOnlySpan<int> descending, List<PixelBox> boxes, int[] start, int[] count)
    {
        // Holes first (ascending thresholds), parked at the start of the list; then the components, each
        // threshold's range followed by a copy of its holes so that every range is contiguous.
        boxes.Clear();
        if (grid.EnclosedCount > 0)
        {
            Begin(grid);
            SweepHoles(descending, boxes, start, count);
        }
        else
        {
            foreach (int threshold in descending)
            {
                count[threshold] = 0;
            }
        }

        Begin(grid);
        ReadOnlySpan<int> order = grid.ByLevel;
        int added = order.Length;
        int parked = boxes.Count;
        foreach (int threshold in descending)
        {
            int stop = grid.LevelStart(threshold + 1);
            AddDescending(order, added, stop);
            added = Math.Min(added, stop);

            int first = boxes.Count;
            int live = 0;
            for (int i = 0; i < _rootCount; i++)
            {
                int root = _roots[i];
                if (_parent[root] == root)
                {
                    _roots[live++] = root;
                    boxes.Add(OuterBox(ref _info[root]));
                }
            }

            _rootCount = live;
            for (int i = 0; i < count[threshold]; i++)
            {
                boxes.Add(boxes[start[threshold] + i]);
            }

            start[threshold] = first - parked;
            count[threshold] = boxes.Count - first;
        }

        boxes.RemoveRange(0, parked);
    }

    // Hole boxes per threshold (ascending): 4-connected sets of enclosed pixels with q <= t, alive while e > t.
    private void SweepHoles(ReadOnlySpan<int> descending, List<PixelBox> boxes, int[] start, int[] count)
    {
        byte[] levels = _grid.Levels, fill = _grid.Fill;
        ReadOnlySpan<int> order = _grid.EnclosedByLevel;
        int next = 0;
        for (int k = descending.Length - 1; k >= 0; k--)
        {
            int threshold = descending[k];
            while (next < order.Length && levels[order[next]] <= threshold)
            {
                Add4(order[next++]);
            }

            start[threshold] = boxes.Count;
            int live = 0;
            for (int i = 0; i < _rootCount; i++)
            {
                int root = _roots[i];
                if (_parent[root] == root && fill[root] > threshold)
                {
                    // A set's pixels share e, and a dead set (joined to the outside) never comes back.
                    _roots[live++] = root;
                    boxes.Add(HoleBox(ref _info[root]));
                }
            }

            _rootCount = live;
            count[threshold] = boxes.Count - start[threshold];
        }
    }

    private void Begin(LevelGrid grid)
    {
        _grid = grid;
        int stride = grid.Stride;
        int cells = stride * (grid.Height + 2);
        if (_parent.Length < cells)
        {
            _parent = new int[cells];
            _info = new SetInfo[cells];
            _member = new byte[cells + 4]; // NeighbourMask reads 4 bytes from the last row's SW cell
            _roots = new int[cells];
            _dirty = new int[cells];
            _dirtyStamp = new int[cells];
            _heapKey = new long[cells];
            _heapRoot = new int[cells];
        }

        if (stride != _stride)
        {
            _stride = stride;
            for (int k = 0; k < 8; k++)
            {
                _offsets[k] = s_neighbours[k].Dy * stride + s_neighbours[k].Dx;
            }
        }

        Array.Clear(_member, 0, cells);
        _rootCount = 0;
        _dirtyCount = 0;
        _heapSize = 0;
        NextStamp();
    }

    // Adds order[from − 1] down to order[stop], 8-connected. The set being grown ("open") lives in locals
    // and is written back when another set is touched: consecutive pixels mostly join the same set.
    private void AddDescending(ReadOnlySpan<int> order, int from, int stop)
    {
        ref byte member = ref MemoryMarshal.GetArrayDataReference(_member);
        ref int parent = ref MemoryMarshal.GetArrayDataReference(_parent);
        ref SetInfo info = ref MemoryMarshal.GetArrayDataReference(_info);
        ref int offsets = ref MemoryMarshal.GetArrayDataReference(_offsets);
        ref int representatives = ref MemoryMarshal.GetArrayDataReference(s_representatives);
        ref byte areaDelta = ref MemoryMarshal.GetArrayDataReference(s_areaDelta);
        int s = _stride;
        int open = -1, first = 0, last = 0, half = 0, x0 = 0, x1 = 0;
        for (int i = from - 1; i >= stop; i--)
        {
            int p = order[i];
            int mask = NeighbourMask(ref member, p, s);
            Unsafe.Add(ref member, p) = 1;
            int x = p - _grid.RowOf(p) * s;
            int root;
            if (mask == 0)
            {
                root = p;
                Unsafe.Add(ref parent, p) = p;
                _roots[_rootCount++] = p;
            }
            else
            {
                // One representative per group of mutually adjacent neighbours: those already share a set.
                int code = Unsafe.Add(ref representatives, mask);
                root = Find(ref parent, p + Unsafe.Add(ref offsets, (code >> 3) & 7));
                for (int k = 1, n = code & 7; k < n; k++)
                {
                    int other = Find(ref parent, p + Unsafe.Add(ref offsets, (code >> (3 + 3 * k)) & 7));
                    if (other != root)
                    {
                        Close(ref info, open, first, last, half, x0, x1);
                        open = -1;
                        root = Union(ref parent, ref info, root, other);
                    }
                }

                Unsafe.Add(ref parent, p) = root;
            }

            if (root != open)
            {
                Close(ref info, open, first, last, half, x0, x1);
                open = root;
                if (mask == 0)
                {
                    first = last = p;
                    half = 0;
                    x0 = x1 = x;
                }
                else
                {
                    ref SetInfo set = ref Unsafe.Add(ref info, root);
                    (first, last, half, x0, x1) = (set.First, set.Last, set.HalfArea, set.X0, set.X1);
                }

                MarkDirty(root);
            }

            half += Unsafe.Add(ref areaDelta, mask);
            first = Math.Min(first, p);
            last = Math.Max(last, p);
            x0 = Math.Min(x0, x);
            x1 = Math.Max(x1, x);
        }

        Close(ref info, open, first, last, half, x0, x1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Close(ref SetInfo info, int open, int first, int last, int half, int x0, int x1)
    {
        if (open >= 0)
        {
            ref SetInfo set = ref Unsafe.Add(ref info, open);
            set.First = first;
            set.Last = last;
            set.HalfArea = half;
            set.X0 = x0;
            set.X1 = x1;
        }
    }

    // The member bits of p's 8 neighbours from three 4-byte reads (members are 0/1 bytes): each read's
    // bytes are gathered into adjacent bits by one multiplication.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NeighbourMask(ref byte member, int p, int s)
    {
        uint top = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref member, p - s - 1)) & 0x010101u;
        uint mid = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref member, p - 1)) & 0x010001u;
        uint bottom = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref member, p + s - 1)) & 0x010101u;
        return (int)(((top * 0x10204u) >> 16) & 7u)
            | (int)((((mid * 0x10002u) >> 16) & 3u) << 3)
            | (int)((((bottom * 0x10204u) >> 16) & 7u) << 5);
    }

    // Adds an enclosed pixel to the hole sets, 4-connected.
    private void Add4(int p)
    {
        ref int parent = ref MemoryMarshal.GetArrayDataReference(_parent);
        ref SetInfo info = ref MemoryMarshal.GetArrayDataReference(_info);
        byte[] member = _member;
        int s = _stride;
        member[p] = 1;
        int root = -1;
        foreach (int neighbour in (ReadOnlySpan<int>)[p - s, p - 1, p + 1, p + s])
        {
            if (member[neighbour] != 0)
            {
                int other = Find(ref parent, neighbour);
                root = root < 0 || other == root ? other : Union(ref parent, ref info, root, other);
            }
        }

        int x = p - _grid.RowOf(p) * s;
        if (root < 0)
        {
            Unsafe.Add(ref parent, p) = p;
            _info[p] = new SetInfo { First = p, Last = p, HalfArea = 0, X0 = x, X1 = x };
            _roots[_rootCount++] = p;
            return;
        }

        Unsafe.Add(ref parent, p) = root;
        ref SetInfo set = ref _info[root];
        set.First = Math.Min(set.First, p);
        set.Last = Math.Max(set.Last, p);
        set.X0 = Math.Min(set.X0, x);
        set.X1 = Math.Max(set.X1, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Find(ref int parent, int p)
    {
        while (true)
        {
            int up = Unsafe.Add(ref parent, p);
            if (up == p)
            {
                return p;
            }

            int upper = Unsafe.Add(ref parent, up);
            if (upper == up)
            {
                return up;
            }

            Unsafe.Add(ref parent, p) = upper; // path halving
            p = upper;
        }
    }

    // Links b under a; the merged extent, first and last pixel and area go to a.
    private static int Union(ref int parent, ref SetInfo info, int a, int b)
    {
        Unsafe.Add(ref parent, b) = a;
        ref SetInfo keep = ref Unsafe.Add(ref info, a);
        ref SetInfo gone = ref Unsafe.Add(ref info, b);
        keep.HalfArea += gone.HalfArea;
        keep.First = Math.Min(keep.First, gone.First);
        keep.Last = Math.Max(keep.Last, gone.Last);
        keep.X0 = Math.Min(keep.X0, gone.X0);
        keep.X1 = Math.Max(keep.X1, gone.X1);
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

    // The root with the largest (area, first pixel): ties go to the later first pixel, as OpenCV's listing
    // puts it first. Sets touched since the last call are (re)pushed; stale heap entries are dropped lazily
    // (a merge can lower a key: same area, earlier first pixel).
    private int Largest()
    {
        for (int i = 0; i < _dirtyCount; i++)
        {
            int root = _dirty[i];
            if (_parent[root] == root)
            {
                Push(Key(root), root);
            }
        }

        _dirtyCount = 0;
        NextStamp();

        while (true)
        {
            int root = _heapRoot[0];
            if (_parent[root] == root && Key(root) == _heapKey[0])
            {
                return root;
            }

            Pop();
        }
    }

    private long Key(int root) => ((long)_info[root].HalfArea << 32) | (uint)_info[root].First;

    private void Push(long key, int root)
    {
        int i = _heapSize++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_heapKey[parent] >= key)
            {
                break;
            }

            _heapKey[i] = _heapKey[parent];
            _heapRoot[i] = _heapRoot[parent];
            i = parent;
        }

        _heapKey[i] = key;
        _heapRoot[i] = root;
    }

    private void Pop()
    {
        int last = --_heapSize;
        long key = _heapKey[last];
        int root = _heapRoot[last];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= last)
            {
                break;
            }

            if (child + 1 < last && _heapKey[child + 1] > _heapKey[child])
            {
                child++;
            }

            if (_heapKey[child] <= key)
            {
                break;
            }

            _heapKey[i] = _heapKey[child];
            _heapRoot[i] = _heapRoot[child];
            i = child;
        }

        _heapKey[i] = key;
        _heapRoot[i] = root;
    }

    // The reference's box of an outer contour: (x, y, min(x + w, W − 1), min(y + h, H − 1)); padded
    // coordinates are image coordinates + 1, so X1 is already one past the last pixel.
    private PixelBox OuterBox(ref SetInfo set) => new(
        set.X0 - 1, _grid.RowOf(set.First) - 1, Math.Min(set.X1, _grid.Width - 1), Math.Min(_grid.RowOf(set.Last), _grid.Height - 1));

    // A hole's contour runs along the on pixels around it: its bbox grown by 1, then one past and clamped.
    private PixelBox HoleBox(ref SetInfo set) => new(
        set.X0 - 2, _grid.RowOf(set.First) - 2, Math.Min(set.X1 + 1, _grid.Width - 1), Math.Min(_grid.RowOf(set.Last) + 1, _grid.Height - 1));

    // Area change when a pixel joins with the given neighbour mask: +1 half per 2×2 window around it
    // (towards (dx, dy) = (±1, ±1)) that already holds at least 2 members (3 → 0.5, 4 → 1).
    private static byte[] BuildAreaDelta()
    {
        var table = new byte[256];
        for (int mask = 0; mask < 256; mask++)
        {
            int delta = 0;
            foreach (int dx in new[] { -1, 1 })
            {
                foreach (int dy in new[] { -1, 1 })
                {
                    int members = 0;
                    for (int k = 0; k < 8; k++)
                    {
                        (int nx, int ny) = s_neighbours[k];
                        bool inWindow = (nx == dx || nx == 0) && (ny == dy || ny == 0);
                        members += inWindow ? (mask >> k) & 1 : 0;
                    }

                    delta += members >= 2 ? 1 : 0;
                }
            }

            table[mask] = (byte)delta;
        }

        return table;
    }

    // For each mask: the number of groups of member neighbours that are 8-adjacent to each other (bits 0–2)
    // and one neighbour index per group (3 bits each).
    private static int[] BuildRepresentatives()
    {
        var table = new int[256];
        for (int mask = 1; mask < 256; mask++)
        {
            var group = new int[8];
            Array.Fill(group, -1);
            int groups = 0, code = 0;
            for (int k = 0; k < 8; k++)
            {
                if (((mask >> k) & 1) == 0 || group[k] >= 0)
                {
                    continue;
                }

                code |= k << (3 + 3 * groups);
                var stack = new Stack<int>();
                group[k] = groups;
                stack.Push(k);
                while (stack.Count > 0)
                {
                    int a = stack.Pop();
                    for (int b = 0; b < 8; b++)
                    {
                        if (((mask >> b) & 1) != 0 && group[b] < 0
                            && Math.Abs(s_neighbours[a].Dx - s_neighbours[b].Dx) <= 1
                            && Math.Abs(s_neighbours[a].Dy - s_neighbours[b].Dy) <= 1)
                        {
                            group[b] = groups;
                            stack.Push(b);
                        }
                    }
                }

                groups++;
            }

            table[mask] = code | groups;
        }

        return table;
    }
}
