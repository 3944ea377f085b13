using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The holes of the multi contour at every threshold of a <see cref="LevelGrid"/> (notes/wsol-metrics.md §8): the
/// enclosed pixels (e &gt; q) enter in ascending q, 4-connected, and a set is a hole at threshold t while its pixels'
/// shared e is above t (a set that reaches the outside never comes back). A union-find over compact set ids: each
/// pixel records its set's id, and the ids' parents and extents sit in small arrays that stay in the cache, however
/// large the map. Buffers are reused across maps; not thread-safe.
/// </summary>
internal sealed class HoleSweep
{
    private byte[] _member = Array.Empty<byte>();
    private int[] _pixelSet = Array.Empty<int>();
    private int[] _parent = new int[64];
    private SetExtent[] _info = new SetExtent[64];
    private int[] _live = new int[64];
    private int _setCount;
    private int _liveCount;
    private LevelGrid _grid = null!;

    /// <summary>
    /// Appends the box of every hole at each threshold of <paramref name="descending"/> to <paramref name="boxes"/>, with
    /// each threshold's range in <paramref name="start"/>/<paramref name="count"/>.
    /// </summary>
    public void Sweep(LevelGrid grid, ReadOnlySpan<int> descending, List<PixelBox> boxes, int[] start, int[] count)
    {
        _grid = grid;
        _setCount = 0;
        _liveCount = 0;
        int cells = grid.Stride * (grid.Height + 2);
        if (_member.Length < cells)
        {
            _member = new byte[cells];
            _pixelSet = new int[cells];
        }

        ReadOnlySpan<int> order = grid.EnclosedByLevel();
        if (order.Length > 0)
        {
            Array.Clear(_member, 0, cells);
        }

        byte[] levels = grid.Levels, fill = grid.Fill;
        int next = 0;
        for (int k = descending.Length - 1; k >= 0; k--)
        {
            int threshold = descending[k];
            while (next < order.Length && levels[order[next]] <= threshold)
            {
                Add(order[next++]);
            }

            start[threshold] = boxes.Count;
            int live = 0;
            for (int i = 0; i < _liveCount; i++)
            {
                int set = _live[i];
                ref SetExtent info = ref _info[set];
                if (_parent[set] == set && fill[info.First] > threshold)
                {
                    _live[live++] = set;
                    boxes.Add(HoleBox(in info));
                }
            }

            _liveCount = live;
            count[threshold] = boxes.Count - start[threshold];
        }
    }

    // Adds an enclosed pixel: joins the sets of its member 4-neighbours, or starts a set.
    private void Add(int p)
    {
        ref byte member = ref MemoryMarshal.GetArrayDataReference(_member);
        ref int pixelSet = ref MemoryMarshal.GetArrayDataReference(_pixelSet);
        int s = _grid.Stride;
        int set = -1;
        set = Join(set, ref member, ref pixelSet, p - s);
        set = Join(set, ref member, ref pixelSet, p - 1);
        set = Join(set, ref member, ref pixelSet, p + 1);
        set = Join(set, ref member, ref pixelSet, p + s);
        int x = p - _grid.RowOf(p) * s;
        if (set < 0)
        {
            set = NewSet(p, x);
        }
        else
        {
            _info[set].AddRun(p, x, 1, 1);
        }

        Unsafe.Add(ref member, p) = 1;
        Unsafe.Add(ref pixelSet, p) = set;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Join(int set, ref byte member, ref int pixelSet, int neighbour)
    {
        if (Unsafe.Add(ref member, neighbour) == 0)
        {
            return set;
        }

        int other = UnionFind.Find(_parent, Unsafe.Add(ref pixelSet, neighbour));
        return set < 0 || other == set ? other : Union(set, other);
    }

    // Links the set with fewer pixels (HalfArea counts a hole's pixels: holes need no area) under the other.
    private int Union(int a, int b)
    {
        if (_info[b].HalfArea > _info[a].HalfArea)
        {
            (a, b) = (b, a);
        }

        _parent[b] = a;
        _info[a].Absorb(in _info[b]);
        return a;
    }

    private int NewSet(int p, int x)
    {
        if (_setCount == _parent.Length)
        {
            Array.Resize(ref _parent, 2 * _setCount);
            Array.Resize(ref _info, 2 * _setCount);
            Array.Resize(ref _live, 2 * _setCount);
        }

        int set = _setCount++;
        _parent[set] = set;
        _info[set] = SetExtent.Of(p, x);
        _info[set].HalfArea = 1;
        _live[_liveCount++] = set;
        return set;
    }

    // A hole's contour runs along the on pixels around it: its bbox grown by 1, then one past and clamped (padded
    // coordinates are image coordinates + 1).
    private PixelBox HoleBox(in SetExtent set) => new(
        set.X0 - 2, _grid.RowOf(set.First) - 2, Math.Min(set.X1 + 1, _grid.Width - 1), Math.Min(_grid.RowOf(set.Last) + 1, _grid.Height - 1));
}
