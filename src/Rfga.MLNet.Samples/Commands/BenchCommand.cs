using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Rfga.MLNet.Network;
using Rfga.MLNet.Samples.Benchmarks;
using Rfga.MLNet.Samples.Progress;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// <c>rfga bench network|evaluation</c>: throughput of a network configuration (training step and inference, against
/// the plain backbone in the same run) and of the WSOL evaluation (one-pass sweep against the per-τ path in the same
/// run), printed as Markdown tables on standard output.
/// </summary>
internal static class BenchCommand
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var command = new Command("bench",
            "Measures throughput on this machine and prints Markdown tables; every figure has a baseline measured in the same run, so compare " +
            "the ratios (absolute times depend on the machine's load, printed with them). Reads and writes no files. " +
            "The benchmarks with PyTorch side by side are the programs under bench/ in the repository.");
        command.Subcommands.Add(NetworkCommand());
        command.Subcommands.Add(EvaluationCommand());
        return command;
    }

    private static Command NetworkCommand()
    {
        var backbone = CliOptions.Make("--backbone", "Feature extractor: ResNet50 (the paper's), ResNet18, ResNet18Cntk or Tiny.", BackboneKind.ResNet50);
        var attention = CliOptions.Make("--attention", "None, RfgaResidual (RFGA w/ R), RfgaNonResidual, Se, Cbam or Eca.", AttentionKind.RfgaResidual);
        var method = CliOptions.Make("--method", "Training-time method: Cam, HaS, Acol, Adl or CutMix (their default settings).", WsolMethod.Cam);
        var size = CliOptions.Make("--size", "Input side in pixels (training crop and inference input).", 448);
        var batch = CliOptions.Make("--batch", "Images per training step and per inference batch (≥ 2).", 2);
        var classes = CliOptions.Make("--classes", "Classes K of the class-map head (CUB: 200).", 200);
        var steps = CliOptions.Make("--steps", "Timed training steps and inference batches per network and round.", 4);
        var rounds = CliOptions.Make("--rounds", "Timed rounds, after one warm-up round; networks alternate within a round.", 2);
        var threads = CliOptions.Make("--threads", "Torch intra-op threads (0: the library's policy, one per processor unless OMP_NUM_THREADS is set).", 0);
        var gpu = GpuOption.Create();
        var noBaseline = CliOptions.Make("--no-baseline", "Do not also measure the plain backbone (attention None, method Cam).", false);
        var command = new Command("network",
            "Times training steps (the trainer's full step: augmentation, forward, loss, backward, SGD, native-memory release) and inference " +
            "forwards (eval mode, no gradients) of one network on random images, and of the same backbone without attention or method in the " +
            "same rounds. Prints ms and images/s (median, range), the ratio to the plain backbone, peak and final RSS and live tensors. " +
            "Defaults: the paper's ResNet-50 + RFGA w/ R at 448², batch 2 (about a minute per round on 2 CPU cores).")
        {
            backbone, attention, method, size, batch, classes, steps, rounds, threads, gpu, noBaseline,
        };
        command.SetAction(parse => CliOptions.Run("bench network", () =>
        {
            Positive(parse.GetValue(size), "--size", 16);
            Positive(parse.GetValue(batch), "--batch", 2);
            Positive(parse.GetValue(classes), "--classes", 1);
            Positive(parse.GetValue(steps), "--steps", 1);
            Positive(parse.GetValue(rounds), "--rounds", 1);
            if (parse.GetValue(threads) < 0) throw new ArgumentException($"--threads must be ≥ 0; got {parse.GetValue(threads)}.");
            var device = GpuOption.Device(parse.GetValue(gpu));
            if (parse.GetValue(threads) > 0) set_num_threads(parse.GetValue(threads));
            else TorchThreads.LimitToProcessorCount();
            var spec = new WsolNetworkSpec(parse.GetValue(classes), parse.GetValue(backbone), parse.GetValue(attention), Method: parse.GetValue(method));
            spec.Validate();
            var settings = new NetworkBenchSettings(spec, parse.GetValue(size), parse.GetValue(batch), parse.GetValue(steps), parse.GetValue(rounds),
                !parse.GetValue(noBaseline), device);
            using var stop = new CtrlC(Console.Error.WriteLine);
            long liveBefore = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var results = NetworkBenchmark.Run(settings, round => Console.Error.WriteLine(round == 0 ? "bench: warm-up round done" : $"bench: round {round}/{settings.Rounds} done"), stop.Token);
            long liveAfter = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            PrintNetworkTable(settings, results, liveBefore, liveAfter);
            return 0;
        }));
        return command;
    }

    private static Command EvaluationCommand()
    {
        var maps = CliOptions.Make("--maps", "Score maps for the one-pass sweep (CUB's test set: 5794).", 2000);
        var side = CliOptions.Make("--side", "Map side in pixels (224: the reference's evaluation size).", 224);
        var straightforward = CliOptions.Make("--per-tau-maps", "Maps (the first ones) also evaluated by the per-τ path, which is far slower.", 40);
        var step = CliOptions.Make("--tau-step", "τ step (0.01: 100 thresholds; 0.001: 1000).", 0.01);
        var threads = CliOptions.Make("--threads", "Threads of the sweep's second run (0: one per processor).", 0);
        var seed = CliOptions.Make("--seed", "Seed of the generated maps.", 1);
        var command = new Command("evaluation",
            "Times the WSOL evaluation (MaxBoxAcc: every τ, largest-contour box, IoU with the GT box, δ 0.5…0.9) on generated CAM-like maps: the " +
            "library's one-pass sweep on 1 and on N threads against the straightforward path that thresholds and labels every map again at each τ " +
            "(what the reference does with OpenCV). Prints maps/s, the speed-up and whether both counted the same correct images at every (δ, τ).")
        {
            maps, side, straightforward, step, threads, seed,
        };
        command.SetAction(parse => CliOptions.Run("bench evaluation", () =>
        {
            Positive(parse.GetValue(maps), "--maps", 1);
            Positive(parse.GetValue(side), "--side", 2);
            Positive(parse.GetValue(straightforward), "--per-tau-maps", 1);
            if (parse.GetValue(threads) < 0) throw new ArgumentException($"--threads must be ≥ 0; got {parse.GetValue(threads)}.");
            if (!(parse.GetValue(step) is > 0 and <= 1)) throw new ArgumentException($"--tau-step must lie in (0, 1]; got {parse.GetValue(step).ToString(C)}.");
            var settings = new EvaluationBenchSettings(parse.GetValue(maps), parse.GetValue(side), Math.Min(parse.GetValue(straightforward), parse.GetValue(maps)),
                parse.GetValue(threads) == 0 ? Environment.ProcessorCount : parse.GetValue(threads), parse.GetValue(step), parse.GetValue(seed));
            using var stop = new CtrlC(Console.Error.WriteLine);
            var result = EvaluationBenchmark.Run(settings, phase => Console.Error.WriteLine($"bench: {phase}"), stop.Token);
            PrintEvaluationTable(settings, result);
            return result.Agree ? 0 : 1;
        }));
        return command;
    }

    private static void PrintNetworkTable(NetworkBenchSettings settings, IReadOnlyList<NetworkBenchResult> results, long liveBefore, long liveAfter)
    {
        var o = Console.Out;
        o.WriteLine(string.Create(C, $"# rfga bench network: {settings.Spec.ClassCount} classes, {settings.Size}×{settings.Size}, batch {settings.Batch}, " +
                                     $"{settings.Rounds} rounds × {settings.Steps} steps, device {settings.Device}, {get_num_threads()} torch threads"));
        o.WriteLine(string.Create(C, $"Machine: {Environment.ProcessorCount} logical processors, {RuntimeInformation.OSDescription}, load average {LoadAverage()}."));
        o.WriteLine();
        o.WriteLine("| network | train ms/step (min–max) | train images/s | × plain | inference ms/batch (min–max) | inference images/s | × plain |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        var plain = results.Count > 1 ? results[^1] : null;
        foreach (var r in results)
        {
            double step = Median(r.StepMs), infer = Median(r.InferenceMs);
            o.WriteLine(string.Create(C,
                $"| {r.Name} | {step:F1} ({r.StepMs.Min():F1}–{r.StepMs.Max():F1}) | {settings.Batch * 1000 / step:F2} | {Ratio(step, plain?.StepMs)} " +
                $"| {infer:F1} ({r.InferenceMs.Min():F1}–{r.InferenceMs.Max():F1}) | {settings.Batch * 1000 / infer:F2} | {Ratio(infer, plain?.InferenceMs)} |"));
        }
        o.WriteLine();
        var (rss, peak) = ProcessMemory();
        o.WriteLine(string.Create(C, $"Memory: RSS {rss} MB at the end, peak {peak} MB; live tensors {liveBefore} before and {liveAfter} after the benchmark."));
        o.WriteLine("× plain = median time / the plain backbone's median time (attention None, method Cam), measured in the same rounds.");
    }

    private static void PrintEvaluationTable(EvaluationBenchSettings settings, EvaluationBenchResult result)
    {
        var o = Console.Out;
        int taus = new Localization.ThresholdGrid(settings.Step).Count;
        o.WriteLine(string.Create(C, $"# rfga bench evaluation: {settings.Maps} maps {settings.Side}×{settings.Side}, {taus} τ, largest-contour boxes, δ 0.5…0.9"));
        o.WriteLine(string.Create(C, $"Machine: {Environment.ProcessorCount} logical processors, load average {LoadAverage()}."));
        o.WriteLine();
        o.WriteLine("| path | maps | ms/map | maps/s | × per-τ |");
        o.WriteLine("|---|---|---|---|---|");
        void Row(string name, int count, double seconds) =>
            o.WriteLine(string.Create(C, $"| {name} | {count} | {seconds * 1000:F3} | {1 / seconds:F1} | {result.PerTau / seconds:F1} |"));
        Row("per-τ (threshold + components at every τ), 1 thread", settings.Straightforward, result.PerTau);
        Row("one-pass sweep, 1 thread", settings.Maps, result.OnePassOneThread);
        Row($"one-pass sweep, {settings.Threads} threads", settings.Maps, result.OnePassThreads);
        o.WriteLine();
        o.WriteLine(string.Create(C, $"CUB test set (5794 maps) at this rate: {5794 * result.OnePassThreads:F2} s on {settings.Threads} threads."));
        o.WriteLine(result.Agree
            ? $"Check: both paths counted the same correct images at every (δ, τ) on the {settings.Straightforward} shared maps."
            : $"CHECK FAILED: the paths disagree on the {settings.Straightforward} shared maps (please report this with --seed {settings.Seed}).");
    }

    private static void Positive(int value, string flag, int minimum)
    {
        if (value < minimum) throw new ArgumentException($"{flag} must be ≥ {minimum}; got {value}.");
    }

    private static string Ratio(double median, List<double>? baseline) =>
        baseline is null ? "–" : (median / Median(baseline)).ToString("F3", C);

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>Current and peak resident set size in MB (Linux /proc; the current working set elsewhere).</summary>
    private static (long Rss, string Peak) ProcessMemory()
    {
        long rss = Environment.WorkingSet / (1 << 20);
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return (rss, "–");
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return (rss, line is null ? "–" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], C) / 1024).ToString(C));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
