using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Localization;

/// <summary>
/// The hot loop of both 8-connected sweeps while one set holds every member (most runs of a CAM-like map): a run that
/// touches any member joins that set without looking up which set it is; its window-area change follows from the
/// membership bits, and the set's extent and area build up in locals (runs come in raster order within a band, so the
/// first run gives the first pixel and the last run the last one).
/// </summary>
internal static class SoleSetRuns
{
    /// <summary>What a sweep records per pixel of a run that joins the set (parent pointers, or nothing).</summary>
    public interface IRunWriter
    {
        void Write(int start, int length);
    }

    /// <summary>
    /// Adds runs [<paramref name="i"/>, <paramref name="end"/>) to <paramref name="set"/> while each touches a member and
    /// has at most <paramref name="maxLength"/> pixels; returns the first run not added (a new set, or a long run).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Add<TWriter>(ReadOnlySpan<long> runs, int i, int end, int maxLength, LevelGrid grid, RowBits bits, ref TWriter writer,
        ref SetExtent set)
        where TWriter : struct, IRunWriter
    {
        int s = grid.Stride, words = bits.Words;
        ref ulong data = ref bits.Data;
        ref long run0 = ref MemoryMarshal.GetReference(runs);
        int begin = i, half = 0, x0 = int.MaxValue, x1 = int.MinValue;
        for (; i < end; i++)
        {
            long run = Unsafe.Add(ref run0, i);
            int start = (int)run, length = (int)(run >> 32);
            if (length > maxLength)
            {
                break;
            }

            int y = grid.RowOf(start), xs = start - y * s;
            ref ulong here = ref Unsafe.Add(ref data, y * words);
            RowBits.RunWindows(ref here, words, xs, length, out ulong above, out ulong row, out ulong below);
            if ((row | above | below) == 0)
            {
                break; // a new set
            }

            RowBits.Or(ref here, xs, (1UL << length) - 1);
            half += RowBits.WindowAreaChange(above, row, length) + RowBits.WindowAreaChange(below, row, length);
            x0 = Math.Min(x0, xs);
            x1 = Math.Max(x1, xs + length);
            writer.Write(start, length);
        }

        if (i > begin)
        {
            long lastRun = Unsafe.Add(ref run0, i - 1);
            int last = (int)lastRun + (int)(lastRun >> 32) - 1;
            set.Absorb(new SetExtent { First = (int)Unsafe.Add(ref run0, begin), Last = last, HalfArea = half, X0 = x0, X1 = x1 - 1 });
        }

        return i;
    }
}
