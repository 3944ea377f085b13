using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Bench;

/// <summary>
/// TorchSharp (Rfga.MLNet) against PyTorch on the same networks, shapes and SGD, measured side by side in one invocation
/// (issue 11). Config a: ResNet-50 + RFGA w/ R, batch 2, 448²; config b: ResNet-18 + RFGA w/ R, batch 8, 224²; layer4 at
/// stride 1, 200-class 1×1 head. Modes: infer (eval, no grad), step (zero_grad, forward, cross-entropy, backward, SGD
/// lr 0.01, momentum 0.9, weight decay 1e-4), and on the TorchSharp side chain-infer / chain-step (the same network
/// through the ML.NET chain, from PNG files).
///
/// Every (config, mode, variant) runs in a fresh child process: TorchSharp workers are this program started again with
/// --worker, PyTorch workers are bench/torch_reference.py under Debian's /usr/bin/python3
/// (apt-get install python3-torch python3-torchvision). Within a round every variant runs once, the order rotating
/// from round to round; a cell is the median over rounds of the per-process median, the range is over rounds, and the
/// ratio is the median over rounds of (variant / PyTorch in the same round). "load" is the share of the machine's CPUs
/// other processes used during the run (/proc/stat); on a shared machine compare ratios, not absolute times.
///
/// Usage (Release):
///   dotnet run -c Release --project bench/PerformanceBench -- [options]
///     --quick                 1 round, 1 warm-up + 3 iterations, config b, 30 soak steps
///     --rounds N (3) --warmup N (2) --iters N (5) --threads N (2, both runtimes)
///     --configs a,b           --modes infer,step,chain-infer,chain-step
///     --variants LIST         TorchSharp variants besides the defaults "ts" (default: ts-nocollect,ts-nomallopt,ts-nchw)
///                             ts-nocollect  no per-step release of unreachable handles (before fix 1)
///                             ts-nomallopt  glibc returns freed memory to the kernel (before fix 3)
///                             ts-plain      neither (TorchSharp as a plain user runs it)
///                             ts-nchw       images handed to the backbone in NCHW (InputLayout AsGiven; before fix 4)
///                             ts-cl         channels-last convolution weights too (the library converts only the input); pt-cl is PyTorch's
///                             ts-4t         4 threads (oversubscribed on 2 CPUs; what TorchThreads prevents)
///     --soak-steps N (200)    RSS and live tensors over N training steps after warm-up (0: skip)
///     --soak-config b         --soak-variants ts,ts-nocollect,pt
///     --max-other-percent P (10) --retries N (2)   a run during which other processes used more than P% of the CPUs
///                             is repeated up to N times and the quietest kept (the "load" column shows what remained)
///     --check                 first cross-check the networks: same weights and input, eval logits and two SGD steps
///     --python PATH (/usr/bin/python3)   --script PATH (bench/torch_reference.py, found from the working folder up)
/// </summary>
public static class Program
{
    private static readonly Dictionary<string, TorchSharpSettings> TorchSharpVariants = new()
    {
        ["ts"] = new(Collect: true, KeepFreedMemory: true, ChannelsLast: false, Threads: 0),
        ["ts-nocollect"] = new(Collect: false, KeepFreedMemory: true, ChannelsLast: false, Threads: 0),
        ["ts-nomallopt"] = new(Collect: true, KeepFreedMemory: false, ChannelsLast: false, Threads: 0),
        ["ts-plain"] = new(Collect: false, KeepFreedMemory: false, ChannelsLast: false, Threads: 0),
        ["ts-cl"] = new(Collect: true, KeepFreedMemory: true, ChannelsLast: true, Threads: 0),
        ["ts-4t"] = new(Collect: true, KeepFreedMemory: true, ChannelsLast: false, Threads: 4),
        ["ts-nchw"] = new(Collect: true, KeepFreedMemory: true, ChannelsLast: false, Threads: 0, InputLayout: InputMemoryLayout.AsGiven),
    };

    public static int Main(string[] args)
    {
        var a = new Args(args);
        if (a.Has("--worker")) return Worker(a);
        if (a.Get("--export-check") is { } bundle)
        {
            TorchSharpWorker.ExportCheck(BenchConfig.Parse(a.Get("--config") ?? "b"), bundle, a.Int("--threads", 2));
            return 0;
        }
        try
        {
            return Orchestrate(a);
        }
        catch (ArgumentException e)
        {
            // A bad option value (unknown config, mode or variant): one line, as the rfga commands do.
            Console.Error.WriteLine($"PerformanceBench: {e.Message}");
            return 2;
        }
    }

    private static int Worker(Args a)
    {
        string variant = a.Get("--variant") ?? "ts";
        var settings = TorchSharpVariants[variant];
        settings = settings with { Threads = settings.Threads > 0 ? settings.Threads : a.Int("--threads", 2) };
        var result = TorchSharpWorker.Run(BenchConfig.Parse(a.Get("--config") ?? "b"), a.Get("--mode") ?? "step", variant, settings,
            a.Int("--warmup", 2), a.Int("--iters", 5));
        Console.WriteLine(result.ToJson());
        return 0;
    }

    private static int Orchestrate(Args a)
    {
        bool quick = a.Has("--quick");
        int rounds = a.Int("--rounds", quick ? 1 : 3), warmup = a.Int("--warmup", quick ? 1 : 2), iters = a.Int("--iters", quick ? 3 : 5);
        int threads = a.Int("--threads", 2), soakSteps = a.Int("--soak-steps", quick ? 30 : 200);
        int retries = a.Int("--retries", quick ? 0 : 2);
        double maxOther = a.Int("--max-other-percent", 10) / 100.0;
        var configs = a.List("--configs", quick ? "b" : "a,b").Select(BenchConfig.Parse).ToList();
        var modes = a.List("--modes", "infer,step,chain-infer,chain-step");
        var extra = a.List("--variants", "ts-nocollect,ts-nomallopt,ts-nchw");
        var runner = new ChildRunner(a.Get("--python") ?? "/usr/bin/python3", a.Get("--script") ?? FindScript(), threads);

        Console.WriteLine($"PerformanceBench: {threads} threads in both runtimes, {rounds} round(s) of {warmup} warm-up + {iters} timed iterations, " +
                          $"{Environment.ProcessorCount} CPUs, load average {LoadAverage()}");
        Console.WriteLine($"PyTorch: {runner.Python} {runner.Script}");
        if (a.Has("--check"))
            foreach (var config in configs) runner.Check(config);

        var results = new List<RunResult>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var config in configs)
            foreach (string mode in modes)
            {
                var variants = VariantsFor(mode, extra);
                for (int i = 0; i < variants.Count; i++)
                {
                    string variant = variants[(i + round) % variants.Count];
                    var result = runner.Run(config, mode, variant, warmup, iters);
                    // Other processes took more than the allowed share of the CPUs: run again, keep the quietest.
                    for (int retry = 0; retry < retries && result.OtherLoad > maxOther; retry++)
                    {
                        var again = runner.Run(config, mode, variant, warmup, iters);
                        if (again.OtherLoad < result.OtherLoad) result = again;
                    }
                    results.Add(result);
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round + 1}/{rounds} {config.Name} {mode} {variant}: {Median(result.TimesMs):F1} ms, load {result.OtherLoad:P0}"));
                }
            }
        }
        Console.WriteLine();
        Report.Timings(results, configs, modes);

        if (soakSteps > 0)
        {
            var soakConfig = BenchConfig.Parse(a.Get("--soak-config") ?? "b");
            var soak = a.List("--soak-variants", "ts,ts-nocollect,pt")
                .Select(v => runner.Run(soakConfig, "step", v, warmup: Math.Max(warmup, 5), iters: soakSteps)).ToList();
            Console.WriteLine();
            Report.Soak(soak, soakConfig);
        }
        Console.WriteLine();
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    /// <summary>PyTorch, the library defaults, and the requested variants (the chain modes exist on the TorchSharp side only).</summary>
    private static List<string> VariantsFor(string mode, List<string> extra)
    {
        if (mode.StartsWith("chain-", StringComparison.Ordinal)) return ["ts"];
        var list = new List<string> { "pt", "ts" };
        foreach (string v in extra)
        {
            if (v != "pt-cl" && !TorchSharpVariants.ContainsKey(v)) throw new ArgumentException($"unknown variant '{v}'");
            if (!list.Contains(v)) list.Add(v);
        }
        return list;
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "torch_reference.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("bench/torch_reference.py not found above the working folder; pass --script");
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Starts worker processes and reads their one JSON line.</summary>
    private sealed class ChildRunner(string python, string script, int threads)
    {
        public string Python => python;
        public string Script => script;

        public RunResult Run(BenchConfig config, string mode, string variant, int warmup, int iters)
        {
            string common = string.Create(CultureInfo.InvariantCulture,
                $"--config {config.Name} --mode {mode} --warmup {warmup} --iters {iters} --threads {threads}");
            var (file, arguments) = variant.StartsWith("pt", StringComparison.Ordinal)
                ? (python, $"{Quote(script)} {common}{(variant == "pt-cl" ? " --channels-last" : "")}")
                : Self($"--worker --variant {variant} {common}");
            var before = CpuSnapshot.Take();
            string output = Execute(file, arguments);
            double load = CpuSnapshot.Take().OthersShareSince(before);
            var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'))
                ?? throw new InvalidDataException($"no result from {file} {arguments}:\n{output}");
            var result = RunResult.FromJson(line);
            result = result with { Variant = variant, Batch = config.Batch };
            result.OtherLoad = load;
            return result;
        }

        /// <summary>Same weights, input and labels in both runtimes: relative logit differences before and after two SGD steps.</summary>
        public void Check(BenchConfig config)
        {
            string bundle = Path.Combine(Path.GetTempPath(), "rfga-perf-check-" + Guid.NewGuid().ToString("N"));
            try
            {
                var (file, arguments) = Self($"--export-check {Quote(bundle)} --config {config.Name} --threads {threads}");
                Execute(file, arguments);
                string output = Execute(python, $"{Quote(script)} --mode check --bundle {Quote(bundle)} --threads {threads}");
                using var json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
                var r = json.RootElement;
                string losses = string.Join(", ", r.GetProperty("losses").EnumerateArray().Zip(r.GetProperty("losses_csharp").EnumerateArray(),
                    (p, c) => string.Create(CultureInfo.InvariantCulture, $"PT {p.GetDouble():F6} / TS {c.GetDouble():F6}")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"cross-check {config.Name} ({config.Description}): eval logits max|PT−TS|/max|TS| = {r.GetProperty("logits_before").GetDouble():E2}; " +
                    $"after 2 SGD steps {r.GetProperty("logits_after").GetDouble():E2}; losses {losses}"));
            }
            finally
            {
                if (Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true);
            }
        }

        /// <summary>This program as a child: its apphost, or dotnet with its assembly when started by dotnet.</summary>
        private static (string File, string Arguments) Self(string arguments)
        {
            string process = Environment.ProcessPath ?? "dotnet";
            return Path.GetFileNameWithoutExtension(process) == "dotnet"
                ? (process, $"{Quote(Assembly.GetExecutingAssembly().Location)} {arguments}")
                : (process, arguments);
        }

        private static string Execute(string file, string arguments)
        {
            var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}:\n{output}\n{error.Result}");
            return output;
        }

        private static string Quote(string s) => "\"" + s + "\"";
    }

    private sealed class Args(string[] args)
    {
        public bool Has(string name) => Array.IndexOf(args, name) >= 0;

        public string? Get(string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public List<string> List(string name, string fallback) =>
            (Get(name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
