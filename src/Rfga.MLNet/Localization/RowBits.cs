using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// Membership bits of the padded grid, one row after another, <see cref="Words"/> 64-bit words a row (bit x of
/// a row is padded column x). Ranges are inclusive column intervals within one row.
/// </summary>
internal sealed class RowBits
{
    private ulong[] _bits = Array.Empty<ulong>();

    /// <summary>Bits that <see cref="Window"/> and <see cref="Or"/> handle: 64 less the 7 of a byte-aligned read.</summary>
    public const int WindowBits = 57;

    /// <summary>Words per row (one more than the columns need, so that <see cref="Window"/> may read the next word).</summary>
    public int Words { get; private set; }

    /// <summary>Clears the bits for a grid of <paramref name="rows"/> rows of <paramref name="columns"/> columns.</summary>
    public void Reset(int rows, int columns)
    {
        Words = ((columns + 63) >> 6) + 1;
        int size = rows * Words;
        if (_bits.Length < size)
        {
            _bits = new ulong[size];
        }
        else
        {
            Array.Clear(_bits, 0, size);
        }
    }

    /// <summary>The first word of row 0; row r starts <see cref="Words"/>·r words further (unchecked access for hot loops).</summary>
    public ref ulong Data => ref MemoryMarshal.GetArrayDataReference(_bits);

    /// <summary>
    /// The bits of the row starting at <paramref name="row"/> from column <paramref name="a"/> on (bit 0 = column a):
    /// one unaligned 8-byte read, so at least <see cref="WindowBits"/> bits are valid; unchecked.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Window(ref ulong row, int a) =>
        Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref Unsafe.As<ulong, byte>(ref row), a >> 3)) >> (a & 7);

    /// <summary>
    /// The windows of the rows above, at and below a run of <paramref name="length"/> (≤ WindowBits − 2) pixels starting at
    /// column <paramref name="xs"/> of the row starting at <paramref name="here"/> (rows <paramref name="words"/> apart):
    /// bit 0 is column xs − 1, bit length + 1 column xs + length; higher bits cleared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunWindows(ref ulong here, int words, int xs, int length, out ulong above, out ulong row, out ulong below)
    {
        ulong span = (2UL << (length + 1)) - 1;
        above = Window(ref Unsafe.Subtract(ref here, words), xs - 1) & span;
        row = Window(ref here, xs - 1) & span;
        below = Window(ref Unsafe.Add(ref here, words), xs - 1) & span;
    }

    /// <summary>ORs <paramref name="mask"/> (bit 0 = column a, at most <see cref="WindowBits"/> bits) into the row starting at <paramref name="row"/>; unchecked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Or(ref ulong row, int a, ulong mask)
    {
        ref byte at = ref Unsafe.Add(ref Unsafe.As<ulong, byte>(ref row), a >> 3);
        Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<ulong>(ref at) | (mask << (a & 7)));
    }

    /// <summary>Bit (row, x) as 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Bit(int row, int x) => (int)(_bits[row * Words + (x >> 6)] >> (x & 63)) & 1;

    /// <summary>Sets the bits of columns [a, b] of a row.</summary>
    public void Set(int row, int a, int b)
    {
        int offset = row * Words;
        int wa = a >> 6, wb = b >> 6;
        if (wa == wb)
        {
            _bits[offset + wa] |= Mask(a & 63, b & 63);
            return;
        }

        _bits[offset + wa] |= ulong.MaxValue << (a & 63);
        for (int w = wa + 1; w < wb; w++)
        {
            _bits[offset + w] = ulong.MaxValue;
        }

        _bits[offset + wb] |= ulong.MaxValue >> (63 - (b & 63));
    }

    /// <summary>Number of set bits in columns [a, b] of a row (0 when a &gt; b).</summary>
    public int Count(int row, int a, int b)
    {
        if (a > b)
        {
            return 0;
        }

        int offset = row * Words;
        int wa = a >> 6, wb = b >> 6;
        if (wa == wb)
        {
            return BitOperations.PopCount(_bits[offset + wa] & Mask(a & 63, b & 63));
        }

        int count = BitOperations.PopCount(_bits[offset + wa] >> (a & 63));
        for (int w = wa + 1; w < wb; w++)
        {
            count += BitOperations.PopCount(_bits[offset + w]);
        }

        return count + BitOperations.PopCount(_bits[offset + wb] & (ulong.MaxValue >> (63 - (b & 63))));
    }

    /// <summary>
    /// The word <paramref name="w"/> of a row restricted to columns [a, b], with the starts of its runs of set bits
    /// (a set bit whose left neighbour within [a, b] is clear); <paramref name="carry"/> links words.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong SegmentStarts(int row, int w, int a, int b, ref ulong carry)
    {
        ulong m = _bits[row * Words + w];
        if (w == a >> 6)
        {
            m &= ulong.MaxValue << (a & 63);
        }

        if (w == b >> 6)
        {
            m &= ulong.MaxValue >> (63 - (b & 63));
        }

        ulong starts = m & ~((m << 1) | carry);
        carry = m >> 63;
        return starts;
    }

    /// <summary>
    /// The window-area change, in halves, between the row of a run of <paramref name="length"/> pixels and the row above
    /// or below it when the run joins. <paramref name="other"/> and <paramref name="row"/> are windows of those rows with
    /// columns xs − 1 … xe + 1 at bits 0 … length + 1 (the run's own bits clear in <paramref name="row"/>). Inside, a
    /// window gains both run pixels: other(x) + other(x + 1) halves; at each end it gains one: a half when two of its
    /// other three pixels are members (a majority of three bits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WindowAreaChange(ulong other, ulong row, int length)
    {
        ulong inside = (1UL << length) - 2; // bits 1 … length − 1 (columns xs … xe − 1)
        ulong next = other >> 1;
        ulong majority = (other & next) | ((other | next) & (row | (row >> 1)));
        return BitOperations.PopCount(other & inside) + BitOperations.PopCount(next & inside)
            + BitOperations.PopCount(majority & (1UL | (1UL << length)));
    }

    /// <summary>
    /// <see cref="WindowAreaChange"/> for a run of any length: columns [<paramref name="xs"/>, <paramref name="xe"/>] of
    /// row <paramref name="row"/> (not yet set) against row <paramref name="other"/>.
    /// </summary>
    public int AreaChange(int other, int row, int xs, int xe)
    {
        int inside = Count(other, xs, xe - 1) + Count(other, xs + 1, xe);
        int left = Bit(other, xs - 1) + Bit(other, xs) + Bit(row, xs - 1) >= 2 ? 1 : 0;
        int right = Bit(other, xe) + Bit(other, xe + 1) + Bit(row, xe + 1) >= 2 ? 1 : 0;
        return inside + left + right;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(int lo, int hi) => (ulong.MaxValue >> (63 - hi)) & (ulong.MaxValue << lo);
}
