using System;
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

        if (_raster.Length < width * height)
        {
            _raster = new long[width * height];
            _rasterBand = new byte[width * height];
            _runs = new long[width * height];
        }

        Span<int> counts = stackalloc int[LevelGrid.LevelCount + 1];
        counts.Clear();
        if (_bands.Length < width + Vector512<byte>.Count + 1)
        {
            _bands = new byte[width + Vector512<byte>.Count + 1];
            _startBits = new ulong[(width + 63) / 64 + 1];
        }

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
                        runs = Emit(ref raster, ref rasterBand, ref count, runs, bands[first + 1], rowStart + first, x - first, k);
                    }

                    first = x;
                    open = true;
                }
            }

            runs = Emit(ref raster, ref rasterBand, ref count, runs, bands[first + 1], rowStart + first, width - first, k);
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

    // Records one run, without a branch: a run of band k (never added) is written and counted but not kept.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Emit(ref long raster, ref byte rasterBand, ref int count, int runs, int band, int start, int length, int k)
    {
        Unsafe.Add(ref raster, runs) = (uint)start | ((long)length << 32);
        Unsafe.Add(ref rasterBand, runs) = (byte)band;
        Unsafe.Add(ref count, band) += band < k ? 1 : 0;
        return runs + (band < k ? 1 : 0);
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
