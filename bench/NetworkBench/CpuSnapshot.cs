using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Rfga.MLNet.Bench;

/// <summary>
/// Machine-wide busy CPU ticks (/proc/stat) and this process's own, finished children included (/proc/self/stat), at
/// one instant, to tell how much CPU other processes took during a measurement. On systems without /proc every share
/// reads as 0.
/// </summary>
internal readonly record struct CpuSnapshot(long MachineBusy, long Own, long WallTicks)
{
    /// <summary>Linux USER_HZ: clock ticks per second of /proc accounting.</summary>
    private const double TicksPerSecond = 100;

    public static CpuSnapshot Take()
    {
        long wall = (long)(Stopwatch.GetTimestamp() * TicksPerSecond / Stopwatch.Frequency);
        if (!File.Exists("/proc/stat")) return new CpuSnapshot(0, 0, wall);
        // cpu user nice system idle iowait irq softirq steal ...
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        long busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7];
        // Fields after "(comm)": state ppid ... utime (14th field overall) stime (15th), then cutime and cstime: the
        // CPU time of children that have been waited for (worker processes count as this process's own).
        string self = File.ReadAllText("/proc/self/stat");
        var rest = self[(self.LastIndexOf(')') + 2)..].Split(' ');
        long own = Enumerable.Range(11, 4).Sum(i => long.Parse(rest[i], CultureInfo.InvariantCulture));
        return new CpuSnapshot(busy, own, wall);
    }

    /// <summary>The share of the machine's CPU capacity used by other processes (and steal) since <paramref name="start"/>.</summary>
    public double OthersShareSince(CpuSnapshot start)
    {
        long capacity = (WallTicks - start.WallTicks) * Environment.ProcessorCount;
        if (capacity <= 0) return 0;
        long others = (MachineBusy - start.MachineBusy) - (Own - start.Own);
        return Math.Max(0, others) / (double)capacity;
    }
}
