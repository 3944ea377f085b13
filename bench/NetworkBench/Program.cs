using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Bench;

/// <summary>
/// Times WsolNetwork with no attention, RFGA w/ R, SE, CBAM and ECA: forward (eval, no grad) and forward+backward
/// (train mode, cross-entropy on random labels), for ResNet-50 at 448² batch 2 (the paper's configuration) and for
/// the tiny network. Rounds are interleaved (every variant once per round, the starting variant rotating), and each
/// variant's time is divided by the plain network's time of the same round; the table gives medians over the timed
/// rounds. The attention module alone is timed on a fixed feature tensor of the backbone's output shape as well.
///
/// The machine is shared: a round counts only if other processes used at most --max-other-percent of the CPUs
/// during it (Linux /proc accounting); up to --max-rounds rounds are tried to collect --rounds clean ones.
///
/// Usage: dotnet run -c Release -- [--mallopt] [--rounds N] [--warmup N] [--max-rounds N] [--max-other-percent P]
///                                 [--threads N] [--only r50|tiny]
///   --mallopt  keep freed memory in the process (glibc mallopt; notes/performance.md finding 3) before any tensor
///              exists. A process-level setting: run once with and once without to report both.
/// </summary>
public static class Program
{
    private static readonly AttentionKind[] Variants =
        [AttentionKind.None, AttentionKind.RfgaResidual, AttentionKind.Se, AttentionKind.Cbam, AttentionKind.Eca];

    /// <summary>Below this many clean rounds the table falls back to all rounds (and says so).</summary>
    private static readonly int MinimumCleanRounds = 3;

    private sealed record Config(string Name, BackboneKind Backbone, int Batch, int Size, int Classes);

    private static readonly Config[] Configs =
    [
        new("ResNet-50, 448², batch 2", BackboneKind.ResNet50, 2, 448, 200),
        new("Tiny, 128², batch 8", BackboneKind.Tiny, 8, 128, 200),
    ];

    public static int Main(string[] args)
    {
        bool useMallopt = args.Contains("--mallopt");
        int rounds = IntArg(args, "--rounds", 7), warmup = IntArg(args, "--warmup", 2), threads = IntArg(args, "--threads", 2);
        int maxRounds = IntArg(args, "--max-rounds", 4 * rounds);
        double maxInterference = IntArg(args, "--max-other-percent", 5) / 100.0;
        string? only = StringArg(args, "--only");
        string malloptState = useMallopt ? (NativeMemoryPolicy.KeepFreedMemory() ? "applied" : "FAILED") : "off";

        set_num_threads(threads);
        Console.WriteLine($"NetworkBench: {threads} torch threads, {warmup} warm-up + {rounds} clean timed rounds (interleaved; at most {maxRounds} tried), " +
                          $"mallopt {malloptState}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores");
        Console.WriteLine("fwd = eval forward without grad; fwd+bwd = train-mode forward + cross-entropy + backward.");
        Console.WriteLine("ratio = median over clean rounds of (variant time / no-attention time in the same round); a round is clean when");
        Console.WriteLine($"other processes used at most {maxInterference:P0} of the machine's CPU time during it (/proc/stat minus this process).");
        Console.WriteLine("module = the attention module alone on a feature tensor of the backbone's output shape; share = module median / no-attention network median.");
        Console.WriteLine();
        Console.WriteLine("| config | attention | fwd ms (min–max) | fwd ratio | fwd+bwd ms (min–max) | fwd+bwd ratio | module fwd ms (share) | module fwd+bwd ms (share) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var config in Configs)
        {
            if (only is not null && !config.Name.StartsWith(only == "r50" ? "ResNet-50" : "Tiny", StringComparison.Ordinal)) continue;
            Run(config, rounds, warmup, maxRounds, maxInterference);
        }
        return 0;
    }

    private static void Run(Config config, int rounds, int warmup, int maxRounds, double maxInterference)
    {
        var networks = new List<WsolNetwork>();
        foreach (var kind in Variants)
        {
            random.manual_seed(1);
            networks.Add(new WsolNetwork(new WsolNetworkSpec(config.Classes, config.Backbone, kind)));
        }
        random.manual_seed(2);
        using var images = randn(config.Batch, 3, config.Size, config.Size);
        using var labels = randint(config.Classes, [config.Batch]);
        long side = config.Size / networks[0].Stride;
        using var features = rand(config.Batch, networks[0].Backbone.OutChannels, side, side);
        using var upstream = randn(config.Batch, networks[0].Backbone.OutChannels, side, side);

        int n = Variants.Length;
        var clean = new List<double[][]>();   // per clean round: [measure][variant], measures fwd, step, module fwd, module step
        var all = new List<double[][]>();
        var interference = new List<double>();
        for (int round = 0; round < warmup + maxRounds && clean.Count < rounds; round++)
        {
            var times = new double[4][];
            for (int q = 0; q < times.Length; q++) times[q] = new double[n];
            var before = CpuSnapshot.Take();
            // Rotate the starting variant each round, so that no variant always runs first (or after the same one).
            for (int i = 0; i < n; i++)
            {
                int v = (round + i) % n;
                var network = networks[v];
                times[0][v] = TimeForward(network, images);
                times[1][v] = TimeForwardBackward(network, images, labels);
                times[2][v] = network.Attention is null ? double.NaN : TimeModuleForward(network.Attention, features);
                times[3][v] = network.Attention is null ? double.NaN : TimeModuleForwardBackward(network.Attention, features, upstream);
            }
            if (round < warmup) continue;
            double others = CpuSnapshot.Take().OthersShareSince(before);
            interference.Add(others);
            all.Add(times);
            if (others <= maxInterference) clean.Add(times);
        }
        bool noisy = clean.Count < rounds;
        var used = clean.Count >= MinimumCleanRounds ? clean : all;
        string shares = string.Join(", ", interference.Select(i => i.ToString("P0", CultureInfo.InvariantCulture)));
        string verdict = !noisy ? "" : used == clean ? $"; fewer clean rounds than asked, the {clean.Count} clean ones used" : "; NOISY: too few clean rounds, all rounds used";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"<!-- {config.Name}: {clean.Count} clean of {all.Count} timed rounds (other processes ≤ {maxInterference:P0} of the CPUs; measured per round: {shares}){verdict} -->"));

        for (int v = 0; v < n; v++)
        {
            var fwd = used.Select(r => r[0][v]).ToList();
            var step = used.Select(r => r[1][v]).ToList();
            var fwdRatio = used.Select(r => r[0][v] / r[0][0]).ToList();
            var stepRatio = used.Select(r => r[1][v] / r[1][0]).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {config.Name} | {Variants[v]} | {Median(fwd):F1} ({fwd.Min():F1}–{fwd.Max():F1}) | {Median(fwdRatio):F3} " +
                $"| {Median(step):F1} ({step.Min():F1}–{step.Max():F1}) | {Median(stepRatio):F3} " +
                $"| {Cell(used.Select(r => r[2][v]).ToList(), Median(used.Select(r => r[0][0]).ToList()))} " +
                $"| {Cell(used.Select(r => r[3][v]).ToList(), Median(used.Select(r => r[1][0]).ToList()))} |"));
        }
        foreach (var network in networks) network.Dispose();
    }

    private static double TimeForward(WsolNetwork network, Tensor images)
    {
        network.eval();
        var clock = Stopwatch.StartNew();
        using (no_grad())
        using (NewDisposeScope())
        {
            network.forward(images);
        }
        clock.Stop();
        NativeMemoryPolicy.ReleaseUnreachableHandles();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double TimeForwardBackward(WsolNetwork network, Tensor images, Tensor labels)
    {
        network.train();
        using (NewDisposeScope()) network.zero_grad();
        var clock = Stopwatch.StartNew();
        using (NewDisposeScope())
        {
            var output = network.forward(images);
            var loss = nn.functional.cross_entropy(output.Logits, labels);
            loss.backward();
        }
        clock.Stop();
        NativeMemoryPolicy.ReleaseUnreachableHandles();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double TimeModuleForward(WsolAttention module, Tensor features)
    {
        module.eval();
        var clock = Stopwatch.StartNew();
        using (no_grad())
        using (NewDisposeScope())
        {
            module.forward(features);
        }
        clock.Stop();
        NativeMemoryPolicy.ReleaseUnreachableHandles();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double TimeModuleForwardBackward(WsolAttention module, Tensor features, Tensor upstream)
    {
        module.train();
        using (NewDisposeScope()) module.zero_grad();
        var clock = Stopwatch.StartNew();
        using (NewDisposeScope())
        {
            var x = features.detach().requires_grad_(true);
            var y = module.forward(x);
            y.backward([upstream]);
        }
        clock.Stop();
        NativeMemoryPolicy.ReleaseUnreachableHandles();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Cell(List<double> times, double plainNetwork) =>
        times.All(double.IsNaN) ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Median(times):F1} ({Median(times) / plainNetwork:P1})");

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(x => x).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? StringArg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
