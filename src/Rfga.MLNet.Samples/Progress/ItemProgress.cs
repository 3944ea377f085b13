using System;
using System.Diagnostics;

namespace Rfga.MLNet.Samples.Progress;

/// <summary>Counts finished items and passes count, rate and ETA to its display.</summary>
internal sealed class ItemProgress
{
    private readonly Action<int, int, double, TimeSpan> report;
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>Creates a counter for <paramref name="total"/> items that calls <paramref name="report"/>(done, total, items/s, ETA).</summary>
    public ItemProgress(string title, int total, Action<int, int, double, TimeSpan> report)
    {
        Title = title;
        Total = Math.Max(total, 0);
        this.report = report;
    }

    /// <summary>What is counted.</summary>
    public string Title { get; }

    /// <summary>Items expected.</summary>
    public int Total { get; }

    /// <summary>Items done so far.</summary>
    public int Done { get; private set; }

    /// <summary>Marks <paramref name="count"/> more items done.</summary>
    public void Advance(int count = 1)
    {
        Done += count;
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        double rate = Done / seconds;
        var eta = rate > 0 && Total > Done ? TimeSpan.FromSeconds((Total - Done) / rate) : TimeSpan.Zero;
        report(Done, Total, rate, eta);
    }
}
