using System;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The pixels of a map grouped for a descending sweep: for thresholds t_0 &gt; t_1 &gt; … &gt; t_{k−1}, a pixel with key
/// e joins at band j = #{i : t_i ≥ e} (just before the query at t_j) and never when j = k. Each row is cut into
/// runs of consecutive pixels of one band, and the runs are listed band by band, in raster order within a band.
/// Smooth maps have runs of a few pixels, so a sweep over runs does a fraction of the per-pixel work.
/// </summary>
internal sealed class RowRuns
{
    private readonly byte[] _bandOfKey = new byte[LevelGrid.LevelCount]; // k ≤ 255: a band fits a byte
    private readonly int[] _bandStart = new int[LevelGrid.LevelCount + 1];
    private long[] _raster = Array.Empty<long>();
    private byte[] _rasterBand = Array.Empty<byte>();
    private long[] _runs = Array.Empty<long>();
    private byte[] _bands = Array.Empty<byte>();
    private ulong[] _startBits = Array.Empty<ulong>();
    private byte[] _rowBands = Array.Empty<byte>();
    private ushort[] _rowColumns = Array.Empty<ushort>();

    /// <summary>
    /// The runs, band by band: each is the padded index of its first pixel (low 32 bits) and its length (high 32 bits).
    /// </summary>
    public ReadOnlySpan<long> Runs => _runs;

    /// <summary>Position in <see cref="Runs"/> of band <paramref name="band"/>'s first run (band k: the end).</summary>
    public int BandStart(int band) => _bandStart[band];

    /// <summary>Cuts the rows of the padded key grid into runs for the given descending thresholds.</summary>
    public void Build(byte[] keys, int width, int height, int stride, ReadOnlySpan<int> descending)
    {
        int k = descending.Length;
        for (int key = 0, band = k; key < LevelGrid.LevelCount; key++)
        {
            while (band > 0 && descending[band - 1] < key)
            {
                band--;
            }

            _bandOfKey[key] = (byte)band;
        }

        if (_runs.Length < width * height)
        {
            _raster = new long[width * height + Vector512<int>.Count]; // slack: records are written 16 at a time
            _rasterBand = new byte[width * height + Vector512<byte>.Count];
            _runs = new long[width * height];
        }

        Span<int> counts = stackalloc int[LevelGrid.LevelCount + 1];
        counts.Clear();
        if (_bands.Length < width + Vector512<byte>.Count + 1)
        {
            _bands = new byte[width + Vector512<byte>.Count + 1];
            _startBits = new ulong[(width + 63) / 64 + 1];
            _rowBands = new byte[width + 2 * Vector512<byte>.Count];
            _rowColumns = new ushort[width + 2 * Vector512<byte>.Count];
        }

#if NET10_0_OR_GREATER // AVX-512 VBMI2 compression: .NET 10's intrinsics
        bool packed = Avx512Vbmi2.IsSupported && Avx512Vbmi.IsSupported && width <= ushort.MaxValue - 2 * Vector512<byte>.Count;
#endif

        ref byte key0 = ref MemoryMarshal.GetArrayDataReference(keys);
        ref long raster = ref MemoryMarshal.GetArrayDataReference(_raster);
        ref byte rasterBand = ref MemoryMarshal.GetArrayDataReference(_rasterBand);
        ref int count = ref MemoryMarshal.GetReference(counts);
        byte[] bands = _bands;
        ulong[] startBits = _startBits;
        int words = (width + 63) >> 6;
        int runs = 0;
        for (int y = 1; y <= height; y++)
        {
            int rowStart = y * stride + 1;
            BandsOf(ref Unsafe.Add(ref key0, rowStart), bands, width); // bands[x + 1] is column x; bands[0] a sentinel
#if NET10_0_OR_GREATER
            if (packed)
            {
                runs = EmitRowPacked(ref raster, ref rasterBand, ref count, runs, rowStart, width);
                continue;
            }
#endif

            MarkRunStarts(bands, width, startBits);
            int first = 0;
            bool open = false;
            for (int w = 0; w < words; w++)
            {
                for (ulong m = startBits[w]; m != 0; m &= m - 1)
                {
                    int x = (w << 6) + BitOperations.TrailingZeroCount(m);
                    if (open)
                    {
                        runs = Emit(ref raster, ref rasterBand, ref count, runs, bands[first + 1], rowStart + first, x - first);
                    }

                    first = x;
                    open = true;
                }
            }

            runs = Emit(ref raster, ref rasterBand, ref count, runs, bands[first + 1], rowStart + first, width - first);
        }

        int sum = 0;
        for (int band = 0; band <= k; band++)
        {
            _bandStart[band] = sum;
            sum += counts[band];
            counts[band] = _bandStart[band];
        }

        ref long target = ref MemoryMarshal.GetArrayDataReference(_runs);
        for (int i = 0; i < runs; i++)
        {
            Unsafe.Add(ref target, Unsafe.Add(ref count, Unsafe.Add(ref rasterBand, i))++) = Unsafe.Add(ref raster, i);
        }
    }

#if NET10_0_OR_GREATER
    private static readonly Vector512<byte> s_byteLanes = Vector512.Create(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
    private static readonly Vector512<ushort> s_wordLanes = Vector512.Create(Enumerable.Range(0, 32).Select(i => (ushort)i).ToArray());
    private static readonly Vector512<byte> s_firstLane = Vector512.CreateScalar((byte)0xFF);

    // Interleave (start, length) of runs 0–7 and 8–15 into 64-bit records: start in the low half.
    private static readonly Vector512<int> s_pairsLow = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> s_pairsHigh = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    // The runs of one row with AVX-512 VBMI2 compression, 64 columns at a time: where the band changes, the bands and
    // columns packed into _rowBands/_rowColumns; then their records 16 at a time (writing up to 15 past the last, which
    // the next row or the slack takes), bands 64 at a time, counts one by one. Returns the new number of runs.
    private int EmitRowPacked(ref long raster, ref byte rasterBand, ref int count, int runs, int rowStart, int width)
    {
        ref byte bands = ref MemoryMarshal.GetArrayDataReference(_bands);
        ref byte rowBands = ref MemoryMarshal.GetArrayDataReference(_rowBands);
        ref ushort rowColumns = ref MemoryMarshal.GetArrayDataReference(_rowColumns);
        int n = 0;
        for (int x = 0; x < width; x += Vector512<byte>.Count)
        {
            Vector512<byte> current = Vector512.LoadUnsafe(ref bands, (nuint)(x + 1));
            Vector512<byte> starts = ~Vector512.Equals(current, Vector512.LoadUnsafe(ref bands, (nuint)x));
            if (x == 0)
            {
                starts |= s_firstLane; // column 0 starts a run
            }

            if (width - x < Vector512<byte>.Count)
            {
                starts &= Vector512.LessThan(s_byteLanes, Vector512.Create((byte)(width - x))); // columns past the row
            }

            ulong bits = starts.ExtractMostSignificantBits();
            int lowCount = BitOperations.PopCount((uint)bits);
            Avx512Vbmi2.Compress(Vector512<byte>.Zero, starts, current).StoreUnsafe(ref rowBands, (nuint)n);
            Vector512<ushort> columns = s_wordLanes + Vector512.Create((ushort)x);
            Vector512<ushort> lowStarts = Avx512BW.ConvertToVector512UInt16(starts.GetLower().AsSByte());
            Vector512<ushort> highStarts = Avx512BW.ConvertToVector512UInt16(starts.GetUpper().AsSByte());
            Avx512Vbmi2.Compress(Vector512<ushort>.Zero, lowStarts, columns).StoreUnsafe(ref rowColumns, (nuint)n);
            Avx512Vbmi2.Compress(Vector512<ushort>.Zero, highStarts, columns + Vector512.Create((ushort)Vector512<ushort>.Count))
                .StoreUnsafe(ref rowColumns, (nuint)(n + lowCount));
            n += BitOperations.PopCount(bits);
        }

        Unsafe.Add(ref rowColumns, n) = (ushort)width; // the end of the last run
        Vector512<int> offset = Vector512.Create(rowStart);
        for (int i = 0; i < n; i += Vector512<int>.Count)
        {
            Vector512<int> first = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref rowColumns, (nuint)i));
            Vector512<int> next = Avx512F.ConvertToVector512Int32(Vector256.LoadUnsafe(ref rowColumns, (nuint)(i + 1)));
            Vector512<int> start = first + offset, length = next - first;
            Avx512F.PermuteVar16x32x2(start, s_pairsLow, length).AsInt64().StoreUnsafe(ref raster, (nuint)(runs + i));
            Avx512F.PermuteVar16x32x2(start, s_pairsHigh, length).AsInt64().StoreUnsafe(ref raster, (nuint)(runs + i + 8));
        }

        for (int i = 0; i < n; i += Vector512<byte>.Count)
        {
            Vector512.LoadUnsafe(ref rowBands, (nuint)i).StoreUnsafe(ref rasterBand, (nuint)(runs + i));
        }

        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref count, Unsafe.Add(ref rowBands, i))++;
        }

        return runs + n;
    }
#endif

    // Records one run; runs of band k (never added) too, sorted after the others, which costs less than a test.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Emit(ref long raster, ref byte rasterBand, ref int count, int runs, int band, int start, int length)
    {
        Unsafe.Add(ref raster, runs) = (uint)start | ((long)length << 32);
        Unsafe.Add(ref rasterBand, runs) = (byte)band;
        Unsafe.Add(ref count, band)++;
        return runs + 1;
    }

    // bands[x + 1] = the band of keys[x] for x in [0, width): 64 keys at a time through a 256-byte table lookup
    // (two 128-byte permutes) where AVX-512 VBMI is available (the last 64 columns overlapping the ones before, instead
    // of a scalar tail), else one by one.
    private void BandsOf(ref byte keys, byte[] bands, int width)
    {
        ref byte target = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(bands), 1);
        ref byte table = ref MemoryMarshal.GetArrayDataReference(_bandOfKey);
        int x = 0;
        if (Avx512Vbmi.IsSupported && width >= Vector512<byte>.Count)
        {
            Vector512<byte> t0 = Vector512.LoadUnsafe(ref table), t1 = Vector512.LoadUnsafe(ref table, 64);
            Vector512<byte> t2 = Vector512.LoadUnsafe(ref table, 128), t3 = Vector512.LoadUnsafe(ref table, 192);
            for (int last = width - Vector512<byte>.Count; ; x = Math.Min(x + Vector512<byte>.Count, last))
            {
                Vector512<byte> key = Vector512.LoadUnsafe(ref keys, (nuint)x);
                Vector512<byte> low = Avx512Vbmi.PermuteVar64x8x2(t0, key, t1);   // keys 0…127 (index bit 7 ignored)
                Vector512<byte> high = Avx512Vbmi.PermuteVar64x8x2(t2, key, t3);  // keys 128…255
                Vector512<byte> isHigh = Vector512.LessThan(key.AsSByte(), Vector512<sbyte>.Zero).AsByte();
                Vector512.ConditionalSelect(isHigh, high, low).StoreUnsafe(ref target, (nuint)x);
                if (x == last)
                {
                    return;
                }
            }
        }

        for (; x < width; x++)
        {
            Unsafe.Add(ref target, x) = Unsafe.Add(ref table, Unsafe.Add(ref keys, x));
        }
    }

    // Bit x of `starts` is set where column x starts a run: x = 0, or band x differs from band x − 1
    // (bands[x + 1] against bands[x]), compared 32 columns at a time.
    private static void MarkRunStarts(byte[] bands, int width, ulong[] starts)
    {
        Array.Clear(starts);
        ref byte b = ref MemoryMarshal.GetArrayDataReference(bands);
        int x = 0;
        for (; x + Vector256<byte>.Count <= width; x += Vector256<byte>.Count)
        {
            Vector256<byte> current = Vector256.LoadUnsafe(ref b, (nuint)(x + 1));
            Vector256<byte> previous = Vector256.LoadUnsafe(ref b, (nuint)x);
            ulong bits = ~Vector256.Equals(current, previous).ExtractMostSignificantBits() & 0xFFFFFFFFUL;
            starts[x >> 6] |= bits << (x & 63);
        }

        for (; x < width; x++)
        {
            if (bands[x + 1] != bands[x])
            {
                starts[x >> 6] |= 1UL << (x & 63);
            }
        }

        starts[0] |= 1; // column 0 always starts a run
    }
}
