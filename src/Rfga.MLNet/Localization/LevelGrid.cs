using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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

    private static readonly Vector512<byte> s_up1 = ShiftIndices(1, true), s_up2 = ShiftIndices(2, true);
    private static readonly Vector512<byte> s_down1 = ShiftIndices(1, false), s_down2 = ShiftIndices(2, false);

    private int[] _ring;
    private byte[] _levels = Array.Empty<byte>();
    private byte[] _fill = Array.Empty<byte>();
    private int[] _enclosed = Array.Empty<int>();
    private int[] _scratch = Array.Empty<int>();
    private ulong _rowMagic;
    private int _enclosedCount = -1;

    /// <summary>Creates an empty grid.</summary>
    /// <param name="queueCapacity">First size of the fill's FIFO ring (a power of two; it doubles when full).</param>
    public LevelGrid(int queueCapacity = 1024)
    {
        if (queueCapacity < 1 || !BitOperations.IsPow2(queueCapacity))
        {
            throw new ArgumentOutOfRangeException(nameof(queueCapacity), queueCapacity, "The queue capacity must be a power of two.");
        }

        _ring = new int[queueCapacity];
    }

    /// <summary>Map width W.</summary>
    public int Width { get; private set; }

    /// <summary>Map height H.</summary>
    public int Height { get; private set; }

    /// <summary>Row length of the padded grid, W + 2.</summary>
    public int Stride { get; private set; }

    /// <summary>Peak grey level M of the map.</summary>
    public int Peak { get; private set; }

    /// <summary>Grey levels q on the padded grid (frame cells unspecified: never read as pixels).</summary>
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
    public int RowOf(int p) => Bmi2.X64.IsSupported
        ? (int)Bmi2.X64.MultiplyNoFlags(_rowMagic, (uint)p) // the high half only: no store of the low half
        : (int)Math.BigMul(_rowMagic, (ulong)(uint)p, out _);

    /// <summary>
    /// The reference's box of the outer contour of a set with first and last pixel <paramref name="first"/>,
    /// <paramref name="last"/> (padded indices) and padded columns <paramref name="x0"/> … <paramref name="x1"/>:
    /// (x, y, min(x + w, W − 1), min(y + h, H − 1)); padded coordinates are image coordinates + 1, so x1 is already
    /// one past the last pixel.
    /// </summary>
    public PixelBox OuterBox(int first, int last, int x0, int x1) =>
        new(x0 - 1, RowOf(first) - 1, Math.Min(x1, Width - 1), Math.Min(RowOf(last), Height - 1));

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
            ForwardScan(y + 1, again: false);
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
            ForwardScan(y + 1, again: false);
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
        _rowMagic = ulong.MaxValue / (ulong)stride + 1; // ⌈2^64 / Stride⌉: exact quotient for every 32-bit p
        _enclosedCount = -1;
        _fill.AsSpan(0, stride).Clear(); // the frame rows read as 0
        _fill.AsSpan(stride * (height + 1), stride).Clear();
    }

    // Fill levels by grey-scale reconstruction by erosion from the frame (Vincent's hybrid algorithm): a raster scan
    // (row by row, right after each row is quantised), an anti-raster scan and a second raster scan settle
    // e = max(q, min over 4-neighbours of e) for almost every pixel; a FIFO finishes the few pixels a later neighbour
    // still lowers (pits, winding valleys). The frame holds 0: the outside is off at every threshold. The second raster
    // scan costs less than the FIFO work it saves (on CAM-like maps it leaves a quarter of the pushes, 900 of 3,400).
    //
    // Along a row the scans are v_x = max(q_x, min(h_x, v_neighbour)) (h = the pixel above for the first raster scan,
    // min(own, above) for the second, min(own, below) for the anti-raster scan): a function f(v) = max(lo, min(hi, v))
    // per pixel, called a clamp below (lo = q, hi = h). Such functions compose into one of the same form: g∘f has
    // lo = max(lo_g, min(hi_g, lo_f)) and hi = min(hi_g, hi_f) (three operations). So 64 (or 16) pixels are done at once
    // as a parallel prefix of clamps (6 or 4 doubling steps), then applied to the incoming neighbour value.
    // `again`: the second raster scan, which also takes the pixel's own value into h.
    [MethodImpl(MethodImplOptions.NoInlining)] // keeps the prefix clamps inlined here
    private void ForwardScan(int y, bool again)
    {
        ref byte levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        ref byte fill = ref MemoryMarshal.GetArrayDataReference(_fill);
        int stride = Stride, width = Width;
        int rowStart = y * stride + 1;
        Unsafe.Add(ref fill, rowStart - 1) = 0; // left frame
        Unsafe.Add(ref fill, rowStart + width) = 0; // right frame
        int left = 0, x = 0;
        if (Avx512Vbmi.IsSupported)
        {
            for (; x + Vector512<byte>.Count <= width; x += Vector512<byte>.Count)
            {
                int p = rowStart + x;
                Vector512<byte> lo = Vector512.LoadUnsafe(ref levels, (nuint)p);
                Vector512<byte> hi = Vector512.LoadUnsafe(ref fill, (nuint)(p - stride));
                if (again)
                {
                    hi = Vector512.Min(hi, Vector512.LoadUnsafe(ref fill, (nuint)p));
                }

                PrefixClampsUp(ref lo, ref hi);
                Vector512<byte> v = Vector512.Max(lo, Vector512.Min(hi, Vector512.Create((byte)left)));
                v.StoreUnsafe(ref fill, (nuint)p);
                left = v.GetElement(Vector512<byte>.Count - 1);
            }
        }

        if (Sse2.IsSupported)
        {
            for (; x + Vector128<byte>.Count <= width; x += Vector128<byte>.Count)
            {
                int p = rowStart + x;
                Vector128<byte> lo = Vector128.LoadUnsafe(ref Unsafe.Add(ref levels, p));
                Vector128<byte> hi = Vector128.LoadUnsafe(ref Unsafe.Add(ref fill, p - stride));
                if (again)
                {
                    hi = Sse2.Min(hi, Vector128.LoadUnsafe(ref Unsafe.Add(ref fill, p)));
                }

                PrefixClampsUp(ref lo, ref hi);
                Vector128<byte> v = Sse2.Max(lo, Sse2.Min(hi, Vector128.Create((byte)left)));
                v.StoreUnsafe(ref Unsafe.Add(ref fill, p));
                left = v.GetElement(Vector128<byte>.Count - 1);
            }
        }

        for (int p = rowStart + x, end = rowStart + width; p < end; p++)
        {
            int v = Math.Max(Unsafe.Add(ref levels, p), Math.Min(Unsafe.Add(ref fill, p - stride), left));
            if (again)
            {
                v = Math.Max(Unsafe.Add(ref levels, p), Math.Min(v, Unsafe.Add(ref fill, p)));
            }

            Unsafe.Add(ref fill, p) = (byte)v;
            left = v;
        }
    }

    // The anti-raster scan of one row: v_x = max(q_x, min(e_x, e_below, v_{x+1})), right to left.
    private void BackwardScan(int y)
    {
        ref byte levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        ref byte fill = ref MemoryMarshal.GetArrayDataReference(_fill);
        int stride = Stride, width = Width;
        int rowStart = y * stride + 1;
        int wide = Avx512Vbmi.IsSupported ? width / Vector512<byte>.Count * Vector512<byte>.Count : 0;
        int chunks = Sse2.IsSupported ? (width - wide) / Vector128<byte>.Count : 0;
        int right = 0; // frame
        for (int p = rowStart + width - 1, end = rowStart + wide + chunks * Vector128<byte>.Count; p >= end; p--)
        {
            int v = Math.Max(Unsafe.Add(ref levels, p), Math.Min(Unsafe.Add(ref fill, p), Math.Min(Unsafe.Add(ref fill, p + stride), right)));
            Unsafe.Add(ref fill, p) = (byte)v;
            right = v;
        }

        for (int c = chunks - 1; c >= 0; c--)
        {
            int p = rowStart + wide + c * Vector128<byte>.Count;
            Vector128<byte> lo = Vector128.LoadUnsafe(ref Unsafe.Add(ref levels, p));
            Vector128<byte> own = Vector128.LoadUnsafe(ref Unsafe.Add(ref fill, p));
            Vector128<byte> below = Vector128.LoadUnsafe(ref Unsafe.Add(ref fill, p + stride));
            Vector128<byte> hi = Sse2.Min(own, below);
            PrefixClampsDown(ref lo, ref hi);
            Vector128<byte> v = Sse2.Max(lo, Sse2.Min(hi, Vector128.Create((byte)right)));
            v.StoreUnsafe(ref Unsafe.Add(ref fill, p));
            right = v.GetElement(0);
        }

        for (int p = rowStart + wide - Vector512<byte>.Count; p >= rowStart; p -= Vector512<byte>.Count)
        {
            Vector512<byte> lo = Vector512.LoadUnsafe(ref levels, (nuint)p);
            Vector512<byte> own = Vector512.LoadUnsafe(ref fill, (nuint)p);
            Vector512<byte> below = Vector512.LoadUnsafe(ref fill, (nuint)(p + stride));
            Vector512<byte> hi = Vector512.Min(own, below);
            PrefixClampsDown(ref lo, ref hi);
            Vector512<byte> v = Vector512.Max(lo, Vector512.Min(hi, Vector512.Create((byte)right)));
            v.StoreUnsafe(ref fill, (nuint)p);
            right = v.GetElement(0);
        }
    }

    // The 64-lane prefix of clamps (AVX-512 VBMI): six doubling steps, each composing a lane's clamp with the one
    // `shift` lanes before it in scan order, the identity clamp (lo 0, hi 255) shifted in: 1 and 2 lanes by permutes (index
    // 64 picks the fill vector), 4 to 32 lanes by dword alignment, which costs less.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefixClampsUp(ref Vector512<byte> lo, ref Vector512<byte> hi)
    {
        Vector512<uint> zero = Vector512<uint>.Zero, ones = Vector512<uint>.AllBitsSet;
        Compose(ref lo, ref hi, Avx512Vbmi.PermuteVar64x8x2(lo, s_up1, zero.AsByte()), Avx512Vbmi.PermuteVar64x8x2(hi, s_up1, ones.AsByte()));
        Compose(ref lo, ref hi, Avx512Vbmi.PermuteVar64x8x2(lo, s_up2, zero.AsByte()), Avx512Vbmi.PermuteVar64x8x2(hi, s_up2, ones.AsByte()));
        Compose(ref lo, ref hi, Avx512F.AlignRight32(lo.AsUInt32(), zero, 15).AsByte(), Avx512F.AlignRight32(hi.AsUInt32(), ones, 15).AsByte());
        Compose(ref lo, ref hi, Avx512F.AlignRight32(lo.AsUInt32(), zero, 14).AsByte(), Avx512F.AlignRight32(hi.AsUInt32(), ones, 14).AsByte());
        Compose(ref lo, ref hi, Avx512F.AlignRight32(lo.AsUInt32(), zero, 12).AsByte(), Avx512F.AlignRight32(hi.AsUInt32(), ones, 12).AsByte());
        Compose(ref lo, ref hi, Avx512F.AlignRight32(lo.AsUInt32(), zero, 8).AsByte(), Avx512F.AlignRight32(hi.AsUInt32(), ones, 8).AsByte());
    }

    // As PrefixClampsUp towards lower lanes: lane 63 is applied first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefixClampsDown(ref Vector512<byte> lo, ref Vector512<byte> hi)
    {
        Vector512<uint> zero = Vector512<uint>.Zero, ones = Vector512<uint>.AllBitsSet;
        Compose(ref lo, ref hi, Avx512Vbmi.PermuteVar64x8x2(lo, s_down1, zero.AsByte()), Avx512Vbmi.PermuteVar64x8x2(hi, s_down1, ones.AsByte()));
        Compose(ref lo, ref hi, Avx512Vbmi.PermuteVar64x8x2(lo, s_down2, zero.AsByte()), Avx512Vbmi.PermuteVar64x8x2(hi, s_down2, ones.AsByte()));
        Compose(ref lo, ref hi, Avx512F.AlignRight32(zero, lo.AsUInt32(), 1).AsByte(), Avx512F.AlignRight32(ones, hi.AsUInt32(), 1).AsByte());
        Compose(ref lo, ref hi, Avx512F.AlignRight32(zero, lo.AsUInt32(), 2).AsByte(), Avx512F.AlignRight32(ones, hi.AsUInt32(), 2).AsByte());
        Compose(ref lo, ref hi, Avx512F.AlignRight32(zero, lo.AsUInt32(), 4).AsByte(), Avx512F.AlignRight32(ones, hi.AsUInt32(), 4).AsByte());
        Compose(ref lo, ref hi, Avx512F.AlignRight32(zero, lo.AsUInt32(), 8).AsByte(), Avx512F.AlignRight32(ones, hi.AsUInt32(), 8).AsByte());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compose(ref Vector512<byte> lo, ref Vector512<byte> hi, Vector512<byte> loBefore, Vector512<byte> hiBefore)
    {
        lo = Vector512.Max(lo, Vector512.Min(hi, loBefore));
        hi = Vector512.Min(hi, hiBefore);
    }

    // Permute indices that move lane i − shift (towards higher lanes) or i + shift (towards lower lanes) to lane i;
    // 64 (the second table's lane 0) where that lane is outside.
    private static Vector512<byte> ShiftIndices(int shift, bool towardsHigherLanes)
    {
        Span<byte> indices = stackalloc byte[Vector512<byte>.Count];
        for (int i = 0; i < indices.Length; i++)
        {
            int from = towardsHigherLanes ? i - shift : i + shift;
            indices[i] = (byte)(from >= 0 && from < indices.Length ? from : indices.Length);
        }

        return Vector512.Create((ReadOnlySpan<byte>)indices);
    }

    // Lane i's clamp becomes the composition of the clamps of lanes i, i − 1, …, down to lane 0 (lane 0 is applied
    // first). Lanes shifted in act as the identity (lo 0, hi 255: hi is shifted complemented, so the zeros shifted in
    // become 255).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefixClampsUp(ref Vector128<byte> lo, ref Vector128<byte> hi)
    {
        Compose(ref lo, ref hi, Sse2.ShiftLeftLogical128BitLane(lo, 1), Sse2.ShiftLeftLogical128BitLane(~hi, 1));
        Compose(ref lo, ref hi, Sse2.ShiftLeftLogical128BitLane(lo, 2), Sse2.ShiftLeftLogical128BitLane(~hi, 2));
        Compose(ref lo, ref hi, Sse2.ShiftLeftLogical128BitLane(lo, 4), Sse2.ShiftLeftLogical128BitLane(~hi, 4));
        Compose(ref lo, ref hi, Sse2.ShiftLeftLogical128BitLane(lo, 8), Sse2.ShiftLeftLogical128BitLane(~hi, 8));
    }

    // As PrefixClampsUp towards lower lanes: lane 15 is applied first.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefixClampsDown(ref Vector128<byte> lo, ref Vector128<byte> hi)
    {
        Compose(ref lo, ref hi, Sse2.ShiftRightLogical128BitLane(lo, 1), Sse2.ShiftRightLogical128BitLane(~hi, 1));
        Compose(ref lo, ref hi, Sse2.ShiftRightLogical128BitLane(lo, 2), Sse2.ShiftRightLogical128BitLane(~hi, 2));
        Compose(ref lo, ref hi, Sse2.ShiftRightLogical128BitLane(lo, 4), Sse2.ShiftRightLogical128BitLane(~hi, 4));
        Compose(ref lo, ref hi, Sse2.ShiftRightLogical128BitLane(lo, 8), Sse2.ShiftRightLogical128BitLane(~hi, 8));
    }

    // This lane's clamp after the earlier one (see ForwardScan).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Compose(ref Vector128<byte> lo, ref Vector128<byte> hi, Vector128<byte> loBefore, Vector128<byte> notHiBefore)
    {
        lo = Sse2.Max(lo, Sse2.Min(hi, loBefore));
        hi = Sse2.Min(hi, ~notHiBefore);
    }

    private void FinishFill()
    {
        int stride = Stride, width = Width;
        ref byte levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        ref byte fill = ref MemoryMarshal.GetArrayDataReference(_fill);
        for (int y = Height; y >= 1; y--)
        {
            BackwardScan(y);
        }

        for (int y = 1; y <= Height; y++)
        {
            ForwardScan(y, again: true);
        }

        // Vincent's FIFO seeds after a raster scan: p with a left or upper neighbour n (computed before p) that p could
        // still lower (e_n > e_p, e_n > q_n).
        // The FIFO is a ring of a power-of-two size, grown when full.
        int[] ring = _ring;
        int mask = ring.Length - 1, head = 0, tail = 0;
        for (int y = 1; y <= Height; y++)
        {
            int rowStart = y * stride + 1, x = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; x + Vector512<byte>.Count <= width; x += Vector512<byte>.Count)
                {
                    ref byte here = ref Unsafe.Add(ref fill, rowStart + x);
                    ref byte level = ref Unsafe.Add(ref levels, rowStart + x);
                    Vector512<byte> e = Vector512.LoadUnsafe(ref here);
                    Vector512<byte> right = Vector512.LoadUnsafe(ref Unsafe.Subtract(ref here, 1));
                    Vector512<byte> down = Vector512.LoadUnsafe(ref Unsafe.Subtract(ref here, stride));
                    Vector512<byte> seeds = (Vector512.GreaterThan(right, e) & Vector512.GreaterThan(right, Vector512.LoadUnsafe(ref Unsafe.Subtract(ref level, 1))))
                        | (Vector512.GreaterThan(down, e) & Vector512.GreaterThan(down, Vector512.LoadUnsafe(ref Unsafe.Subtract(ref level, stride))));
                    for (ulong bits = seeds.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                    {
                        Push(rowStart + x + BitOperations.TrailingZeroCount(bits));
                    }
                }
            }

            for (; x + Vector128<byte>.Count <= width; x += Vector128<byte>.Count)
            {
                ref byte here = ref Unsafe.Add(ref fill, rowStart + x);
                Vector128<byte> e = Vector128.LoadUnsafe(ref here);
                Vector128<byte> right = Vector128.LoadUnsafe(ref Unsafe.Subtract(ref here, 1));
                Vector128<byte> down = Vector128.LoadUnsafe(ref Unsafe.Subtract(ref here, stride));
                Vector128<byte> seeds = (Vector128.GreaterThan(right, e) & Vector128.GreaterThan(right, Vector128.LoadUnsafe(ref Unsafe.Add(ref levels, rowStart + x - 1))))
                    | (Vector128.GreaterThan(down, e) & Vector128.GreaterThan(down, Vector128.LoadUnsafe(ref Unsafe.Add(ref levels, rowStart + x - stride))));
                for (uint bits = seeds.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                {
                    Push(rowStart + x + BitOperations.TrailingZeroCount(bits));
                }
            }

            for (; x < width; x++)
            {
                int p = rowStart + x, v = _fill[p];
                if ((_fill[p - 1] > v && _fill[p - 1] > _levels[p - 1]) || (_fill[p - stride] > v && _fill[p - stride] > _levels[p - stride]))
                {
                    Push(p);
                }
            }
        }

        while (head != tail)
        {
            int p = ring[head];
            head = (head + 1) & mask;
            int v = Unsafe.Add(ref fill, p);
            Lower(ref fill, ref levels, p - 1, v);
            Lower(ref fill, ref levels, p + 1, v);
            Lower(ref fill, ref levels, p - stride, v);
            Lower(ref fill, ref levels, p + stride, v);
        }

        void Lower(ref byte fill, ref byte levels, int cell, int from)
        {
            int target = Math.Max(from, Unsafe.Add(ref levels, cell));
            if (Unsafe.Add(ref fill, cell) > target)
            {
                Unsafe.Add(ref fill, cell) = (byte)target;
                Push(cell);
            }
        }

        void Push(int p)
        {
            ring[tail] = p;
            tail = (tail + 1) & mask;
            if (tail == head)
            {
                // Full: unroll into a ring twice the size (entries head … end, then 0 … tail).
                var larger = new int[2 * ring.Length];
                int firstPart = ring.Length - head;
                Array.Copy(ring, head, larger, 0, firstPart);
                Array.Copy(ring, 0, larger, firstPart, head);
                head = 0;
                tail = ring.Length;
                ring = _ring = larger;
                mask = ring.Length - 1;
            }
        }
    }

    // The pixels with e > q by ascending q (a counting sort, stable in raster order).
    private void ListEnclosed()
    {
        int stride = Stride, width = Width, count = 0;
        Span<int> counts = stackalloc int[LevelCount];
        counts.Clear();
        ref byte levels = ref MemoryMarshal.GetArrayDataReference(_levels);
        ref byte fill = ref MemoryMarshal.GetArrayDataReference(_fill);
        for (int y = 1; y <= Height; y++)
        {
            int p = y * stride + 1, end = p + width;
            for (; p + Vector256<byte>.Count <= end; p += Vector256<byte>.Count)
            {
                // 32 pixels at a time; most have e = q
                Vector256<byte> differ = ~Vector256.Equals(Vector256.LoadUnsafe(ref fill, (nuint)p), Vector256.LoadUnsafe(ref levels, (nuint)p));
                for (uint bits = differ.ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
                {
                    int cell = p + BitOperations.TrailingZeroCount(bits);
                    _scratch[count++] = cell;
                    counts[_levels[cell]]++;
                }
            }

            for (; p < end; p++)
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
