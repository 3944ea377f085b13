using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

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
        public int First;    // smallest padded index = first raster pixel
        public int HalfArea; // window area in halves: 2 per window with 4 members, 1 per window with 3
        public int Size;
        public int X0, Y0, X1, Y1; // padded coordinates
    }

    // Neighbour bits of an 8-neighbourhood mask: NW, N, NE, E, SE, S, SW, W (clockwise from the top left).
    private static readonly (int Dx, int Dy)[] s_neighbours = [(-1, -1), (0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0)];
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
        byte[] fill = grid.Fill;
        ReadOnlySpan<int> order = grid.ByFill;
        int next = order.Length - 1;
        foreach (int threshold in descending)
        {
            while (next >= 0 && fill[order[next]] > threshold)
            {
                Add8(order[next--], trackDirty: true);
            }

            boxByThreshold[threshold] = OuterBox(ref _info[Largest()]);
        }
    }

    /// <summary>
    /// The multi-contour boxes at each threshold of <paramref name="descending"/>: every 8-connected on
    /// component and every hole. Appends them to <paramref name="boxes"/> with their range per threshold.
    /// </summary>
    public void SweepAll(LevelGrid grid, ReadOnlySpan<int> descending, List<PixelBox> boxes, int[] start, int[] count)
    {
        // Holes first (ascending thresholds), parked at the end of the list; then the components, each
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
        byte[] levels = grid.Levels;
        ReadOnlySpan<int> order = grid.ByLevel;
        int next = order.Length - 1;
        int finalStart = boxes.Count;
        foreach (int threshold in descending)
        {
            while (next >= 0 && levels[order[next]] > threshold)
            {
                Add8(order[next--], trackDirty: false);
            }

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

            start[threshold] = first - finalStart;
            count[threshold] = boxes.Count - first;
        }

        boxes.RemoveRange(0, finalStart); // drop the parked holes
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
            _member = new byte[cells];
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
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_dirtyStamp);
            _stamp = 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Add8(int p, bool trackDirty)
    {
        byte[] member = _member;
        int s = _stride;
        int mask = member[p - s - 1] | (member[p - s] << 1) | (member[p - s + 1] << 2) | (member[p + 1] << 3)
            | (member[p + s + 1] << 4) | (member[p + s] << 5) | (member[p + s - 1] << 6) | (member[p - 1] << 7);
        member[p] = 1;
        int y = _grid.RowOf(p);
        int x = p - y * s;
        int root;
        if (mask == 0)
        {
            root = NewSet(p, x, y);
        }
        else
        {
            // One representative per group of mutually adjacent neighbours: those already share a set.
            int code = s_representatives[mask];
            root = Find(p + _offsets[(code >> 3) & 7]);
            for (int k = 1, n = code & 7; k < n; k++)
            {
                int other = Find(p + _offsets[(code >> (3 + 3 * k)) & 7]);
                if (other != root)
                {
                    root = Union(root, other);
                }
            }

            _parent[p] = root;
            ref SetInfo set = ref _info[root];
            set.Size++;
            set.HalfArea += s_areaDelta[mask];
            if (p < set.First) set.First = p;
            if (x < set.X0) set.X0 = x;
            if (x > set.X1) set.X1 = x;
            if (y < set.Y0) set.Y0 = y;
            if (y > set.Y1) set.Y1 = y;
        }

        if (trackDirty && _dirtyStamp[root] != _stamp)
        {
            _dirtyStamp[root] = _stamp;
            _dirty[_dirtyCount++] = root;
        }
    }

    private void Add4(int p)
    {
        byte[] member = _member;
        int s = _stride;
        member[p] = 1;
        int y = _grid.RowOf(p);
        int x = p - y * s;
        int root = -1;
        Join(p - s, ref root);
        Join(p - 1, ref root);
        Join(p + 1, ref root);
        Join(p + s, ref root);
        if (root < 0)
        {
            NewSet(p, x, y);
            return;
        }

        _parent[p] = root;
        ref SetInfo set = ref _info[root];
        set.Size++;
        if (x < set.X0) set.X0 = x;
        if (x > set.X1) set.X1 = x;
        if (y < set.Y0) set.Y0 = y;
        if (y > set.Y1) set.Y1 = y;

        void Join(int neighbour, ref int root)
        {
            if (member[neighbour] != 0)
            {
                int other = Find(neighbour);
                root = root < 0 ? other : other == root ? root : Union(root, other);
            }
        }
    }

    private int NewSet(int p, int x, int y)
    {
        _parent[p] = p;
        ref SetInfo set = ref _info[p];
        set.First = p;
        set.HalfArea = 0;
        set.Size = 1;
        set.X0 = set.X1 = x;
        set.Y0 = set.Y1 = y;
        _roots[_rootCount++] = p;
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(int p)
    {
        int[] parent = _parent;
        while (true)
        {
            int up = parent[p];
            if (up == p)
            {
                return p;
            }

            int upper = parent[up];
            if (upper == up)
            {
                return up;
            }

            parent[p] = upper; // path halving
            p = upper;
        }
    }

    // Union by size; the merged bbox, first pixel and area go to the surviving root.
    private int Union(int a, int b)
    {
        if (_info[a].Size < _info[b].Size)
        {
            (a, b) = (b, a);
        }

        _parent[b] = a;
        ref SetInfo keep = ref _info[a];
        ref SetInfo gone = ref _info[b];
        keep.Size += gone.Size;
        keep.HalfArea += gone.HalfArea;
        keep.First = Math.Min(keep.First, gone.First);
        keep.X0 = Math.Min(keep.X0, gone.X0);
        keep.Y0 = Math.Min(keep.Y0, gone.Y0);
        keep.X1 = Math.Max(keep.X1, gone.X1);
        keep.Y1 = Math.Max(keep.Y1, gone.Y1);
        return a;
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
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_dirtyStamp);
            _stamp = 1;
        }

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
        set.X0 - 1, set.Y0 - 1, Math.Min(set.X1, _grid.Width - 1), Math.Min(set.Y1, _grid.Height - 1));

    // A hole's contour runs along the on pixels around it: its bbox grown by 1, then one past and clamped.
    private PixelBox HoleBox(ref SetInfo set) => new(
        set.X0 - 2, set.Y0 - 2, Math.Min(set.X1 + 1, _grid.Width - 1), Math.Min(set.Y1 + 1, _grid.Height - 1));

    // Area change when a pixel joins with the given neighbour mask: +1 half per window (NW, NE, SE, SW)
    // that already holds at least 2 members (3 → 0.5, 4 → 1).
    private static byte[] BuildAreaDelta()
    {
        var table = new byte[256];
        int[][] windows = [[0, 1, 7], [1, 2, 3], [3, 4, 5], [5, 6, 7]];
        for (int mask = 0; mask < 256; mask++)
        {
            int delta = 0;
            foreach (int[] window in windows)
            {
                int members = 0;
                foreach (int bit in window)
                {
                    members += (mask >> bit) & 1;
                }

                delta += members >= 2 ? 1 : 0;
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
