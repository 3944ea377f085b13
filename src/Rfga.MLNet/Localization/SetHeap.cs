using System;

namespace Rfga.MLNet.Localization;

/// <summary>
/// A max-heap of (key, set) entries with lazy deletion: the caller pushes a set's current key whenever it
/// changed and discards, at the top, entries whose key is no longer the set's (the set was merged or grew).
/// </summary>
internal sealed class SetHeap
{
    private long[] _keys = Array.Empty<long>();
    private int[] _sets = Array.Empty<int>();

    /// <summary>Number of entries, stale ones included.</summary>
    public int Count { get; private set; }

    /// <summary>The key of the top entry.</summary>
    public long TopKey => _keys[0];

    /// <summary>The set of the top entry.</summary>
    public int TopSet => _sets[0];

    /// <summary>Empties the heap.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds an entry.</summary>
    public void Push(long key, int set)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(16, 2 * Count));
            Array.Resize(ref _sets, _keys.Length);
        }

        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_keys[parent] >= key)
            {
                break;
            }

            _keys[i] = _keys[parent];
            _sets[i] = _sets[parent];
            i = parent;
        }

        _keys[i] = key;
        _sets[i] = set;
    }

    /// <summary>Removes the top entry.</summary>
    public void Pop()
    {
        int last = --Count;
        long key = _keys[last];
        int set = _sets[last];
        int i = 0;
        while (true)
        {
            int child = 2 * i + 1;
            if (child >= last)
            {
                break;
            }

            if (child + 1 < last && _keys[child + 1] > _keys[child])
            {
                child++;
            }

            if (_keys[child] <= key)
            {
                break;
            }

            _keys[i] = _keys[child];
            _sets[i] = _sets[child];
            i = child;
        }

        _keys[i] = key;
        _sets[i] = set;
    }
}
