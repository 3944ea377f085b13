using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    private int[] _rasterStart = Array.Empty<int>();
    private int[] _rasterLength = Array.Empty<int>();
    private int[] _rasterBand = Array.Empty<int>();
    private int[] _rasterRow = Array.Empty<int>();
    private int[] _start = Array.Empty<int>();
    private int[] _length = Array.Empty<int>();
    private int[] _row = Array.Empty<int>();

    /// <summary>Padded index of the first pixel of each run, band by band.</summary>
    public ReadOnlySpan<int> Starts => _start;

    /// <summary>Length of each run, in the order of <see cref="Starts"/>.</summary>
    public ReadOnlySpan<int> Lengths => _length;

    private byte[] _bands = Array.Empty<byte>();
    private ulong[] _startBits = Array.Empty<ulong>();

    /// <summary>Padded row of each run, in the order of <see cref="Starts"/>.</summary>
    public ReadOnlySpan<int> Rows => _row;

    /// <summary>Position in <see cref="Starts"/> of band <paramref name="band"/>'s first run (band k: the end).</summary>
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

        if (_rasterStart.Length < width * height)
        {
            _rasterStart = new int[width * height];
            _rasterLength = new int[width * height];
            _rasterBand = new int[width * height];
            _rasterRow = new int[width * height];
            _start = new int[width * height];
            _length = new int[width * height];
            _row = new int[width * height];
        }

        Span<int> counts = stackalloc int[LevelGrid.LevelCount + 1];
        counts.Clear();
        if (_bands.Length < width + Vector256<byte>.Count)
        {
            _bands = new byte[width + Vector256<byte>.Count];
            _startBits = new ulong[(width + 63) / 64 + 1];
        }

        ref byte bandOfKey = ref MemoryMarshal.GetArrayDataReference(_bandOfKey);
        ref byte key0 = ref MemoryMarshal.GetArrayDataReference(keys);
        byte[] bands = _bands;
        ulong[] startBits = _startBits;
        int runs = 0;
        for (int y = 1; y <= height; y++)
        {
            int rowStart = y * stride + 1;
            ref byte band = ref MemoryMarshal.GetArrayDataReference(bands);
            ref byte key = ref Unsafe.Add(ref key0, rowStart);
            for (int x = 0; x < width; x++)
            {
                Unsafe.Add(ref band, x + 1) = Unsafe.Add(ref bandOfKey, Unsafe.Add(ref key, x)); // bands[0] is a sentinel
            }

            MarkRunStarts(bands, width, startBits);
            int words = (width + 63) >> 6;
            int first = 0;
            bool open = false;
            for (int w = 0; w < words; w++)
            {
                for (ulong m = startBits[w]; m != 0; m &= m - 1)
                {
                    int x = (w << 6) + BitOperations.TrailingZeroCount(m);
                    if (open)
                    {
                        runs = Emit(runs, bands[first + 1], rowStart + first, x - first, y, k, counts);
                    }

                    first = x;
                    open = true;
                }
            }

            runs = Emit(runs, bands[first + 1], rowStart + first, width - first, y, k, counts);
        }

        int sum = 0;
        for (int band = 0; band <= k; band++)
        {
            _bandStart[band] = sum;
            sum += counts[band];
            counts[band] = _bandStart[band];
        }

        for (int i = 0; i < runs; i++)
        {
            int position = counts[_rasterBand[i]]++;
            _start[position] = _rasterStart[i];
            _length[position] = _rasterLength[i];
            _row[position] = _rasterRow[i];
        }
    }

    // Records one run unless its band is k (never added).
    private int Emit(int runs, int band, int start, int length, int row, int k, Span<int> counts)
    {
        if (band < k)
        {
            _rasterStart[runs] = start;
            _rasterLength[runs] = length;
            _rasterBand[runs] = band;
            _rasterRow[runs] = row;
            counts[band]++;
            runs++;
        }

        return runs;
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
