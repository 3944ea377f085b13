using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Rfga.MLNet.Bench;

/// <summary>The Markdown tables PerformanceBench prints.</summary>
internal static class Report
{
    private static readonly Dictionary<string, string> ModeNames = new()
    {
        ["infer"] = "inference", ["step"] = "SGD step", ["chain-infer"] = "ML.NET Transform", ["chain-step"] = "ML.NET Fit step",
    };

    /// <summary>One row per (config, mode, variant): times, throughput, ratio to PyTorch of the same round, memory.</summary>
    public static void Timings(List<RunResult> results, List<BenchConfig> configs, List<string> modes)
    {
        Console.WriteLine("ms = median over rounds of each process's median iteration (range over rounds); best = fastest single iteration;");
        Console.WriteLine("ratio = median over rounds of (this / PyTorch's same-mode run of the same round; chain rows against the bare PyTorch");
        Console.WriteLine("run); best ratio = best / PyTorch's best (robust to bursts of load from other processes); RSS in MB (peak = VmHWM,");
        Console.WriteLine("final = VmRSS at exit); live = TorchSharp tensors alive after warm-up → at the end; GC = .NET GC pause per iteration; load = other processes' CPU share.");
        Console.WriteLine();
        Console.WriteLine("| config | mode | runtime | ms (range) | best ms | images/s | ratio TS/PT | best ratio | RSS peak | RSS final | live tensors | GC ms/iter | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var config in configs)
        foreach (string mode in modes)
        {
            var rows = results.Where(r => r.Config == config.Name && r.Mode == mode).ToList();
            string bareMode = mode.Replace("chain-", "", StringComparison.Ordinal);
            var pytorch = results.Where(r => r.Config == config.Name && r.Mode == bareMode && r.Variant == "pt").ToList();
            foreach (var group in rows.GroupBy(r => r.Variant))
            {
                var runs = group.ToList();
                var medians = runs.Select(r => Program.Median(r.TimesMs)).ToList();
                // Pair the i-th run of this variant with the i-th PyTorch run (one each per round).
                var ratios = medians.Zip(pytorch.Select(p => Program.Median(p.TimesMs)), (t, p) => t / p).ToList();
                double ms = Program.Median(medians);
                string live = runs[0].LiveTensorsStart < 0 ? "–" : string.Join("; ", runs.Select(r => $"{r.LiveTensorsStart}→{r.LiveTensorsEnd}").Distinct());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {config.Name}. {config.Description} | {ModeNames[mode]} | {Name(group.Key)} | {ms:F0} ({medians.Min():F0}–{medians.Max():F0}) " +
                    $"| {runs.Min(r => r.TimesMs.Min()):F0} " +
                    $"| {config.Batch * 1000 / ms:F1} | {(group.Key == "pt" ? "1" : ratios.Count == 0 ? "–" : $"**{Program.Median(ratios):F2}** ({ratios.Min():F2}–{ratios.Max():F2})")} " +
                    $"| {(pytorch.Count == 0 ? "–" : $"{runs.Min(r => r.TimesMs.Min()) / pytorch.Min(p => p.TimesMs.Min()):F2}")} " +
                    $"| {Program.Median(runs.Select(r => r.RssPeakMb)):F0} | {Program.Median(runs.Select(r => r.RssFinalMb)):F0} | {live} " +
                    $"| {(runs[0].GcPauseMs < 0 ? "–" : $"{Program.Median(runs.Select(r => r.GcPauseMs)):F1}")} " +
                    $"| {Program.Median(runs.Select(r => r.OtherLoad)):P0} |"));
            }
        }
    }

    /// <summary>RSS and live tensors over a long training run: growth after warm-up per variant.</summary>
    public static void Soak(List<RunResult> runs, BenchConfig config)
    {
        Console.WriteLine($"Memory over {runs[0].TimesMs.Length} SGD steps after warm-up, config {config.Name} ({config.Description}); " +
                          "RSS after the first timed step, then every quarter, in MB:");
        Console.WriteLine();
        Console.WriteLine("| runtime | ms/step | RSS first | quarters | RSS last | growth | max | live tensors | load |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in runs)
        {
            int n = r.RssMb.Length;
            string quarters = string.Join(" / ", Enumerable.Range(1, 3).Select(q => r.RssMb[q * n / 4].ToString("F0", CultureInfo.InvariantCulture)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Name(r.Variant)} | {Program.Median(r.TimesMs):F0} | {r.RssMb[0]:F0} | {quarters} | {r.RssMb[^1]:F0} | **{r.RssMb[^1] - r.RssMb[0]:+0;-0}** " +
                $"| {r.RssMb.Max():F0} | {(r.LiveTensorsStart < 0 ? "–" : $"{r.LiveTensorsStart}→{r.LiveTensorsEnd}")} | {r.OtherLoad:P0} |"));
        }
    }

    private static string Name(string variant) => variant switch
    {
        "pt" => "PyTorch",
        "pt-cl" => "PyTorch channels-last",
        "ts" => "TorchSharp (library defaults)",
        "ts-nocollect" => "TS, no per-step handle release",
        "ts-nomallopt" => "TS, glibc trims freed memory",
        "ts-plain" => "TS, neither fix",
        "ts-cl" => "TS channels-last",
        "ts-nchw" => "TS, NCHW input (before channels-last)",
        "ts-4t" => "TS, 4 threads",
        _ => variant,
    };
}
