using System;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The pixels of a map grouped for a descending sweep: for thresholds t_0 &gt; t_1 &gt; … &gt; t_{k−1}, a pixel with key
/// e joins at band j = #{i : t_i ≥ e} (just before the query at t_j) and never when j = k. Each row is cut into
/// runs of consecutive pixels of one band, and the runs are listed band by band, in raster order within a band.
/// Smooth maps have runs of a few pixels, so a sweep over runs does a fraction of the per-pixel work.
/// </summary>
internal sealed class RowRuns
{
    private readonly int[] _bandOfKey = new int[LevelGrid.LevelCount];
    private readonly int[] _bandStart = new int[LevelGrid.LevelCount + 1];
    private int[] _rasterStart = Array.Empty<int>();
    private int[] _rasterLength = Array.Empty<int>();
    private int[] _rasterBand = Array.Empty<int>();
    private int[] _start = Array.Empty<int>();
    private int[] _length = Array.Empty<int>();

    /// <summary>Padded index of the first pixel of each run, band by band.</summary>
    public ReadOnlySpan<int> Starts => _start;

    /// <summary>Length of each run, in the order of <see cref="Starts"/>.</summary>
    public ReadOnlySpan<int> Lengths => _length;

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

            _bandOfKey[key] = band;
        }

        if (_rasterStart.Length < width * height)
        {
            _rasterStart = new int[width * height];
            _rasterLength = new int[width * height];
            _rasterBand = new int[width * height];
            _start = new int[width * height];
            _length = new int[width * height];
        }

        Span<int> counts = stackalloc int[LevelGrid.LevelCount + 1];
        counts.Clear();
        int[] bandOfKey = _bandOfKey;
        int runs = 0;
        for (int y = 1; y <= height; y++)
        {
            int p = y * stride + 1, end = p + width;
            while (p < end)
            {
                int band = bandOfKey[keys[p]], first = p;
                for (p++; p < end && bandOfKey[keys[p]] == band; p++)
                {
                }

                if (band < k)
                {
                    _rasterStart[runs] = first;
                    _rasterLength[runs] = p - first;
                    _rasterBand[runs] = band;
                    counts[band]++;
                    runs++;
                }
            }
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
        }
    }
}
