using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rfga.MLNet.Bench;

/// <summary>
/// What one worker process (TorchSharp or bench/torch_reference.py) measured: one JSON line on stdout, snake_case keys
/// (the Python script writes the same keys; it has no live-tensor count).
/// </summary>
internal sealed record RunResult
{
    public string Runtime { get; init; } = "";
    public string Config { get; init; } = "";
    public string Mode { get; init; } = "";
    public string Variant { get; init; } = "";
    public int Threads { get; init; }
    public string Version { get; init; } = "";
    /// <summary>Milliseconds of each timed iteration (a training step, or one batch of inference).</summary>
    public double[] TimesMs { get; init; } = [];
    /// <summary>VmRSS after each timed iteration, MB.</summary>
    public double[] RssMb { get; init; } = [];
    public double RssPeakMb { get; init; }
    public double RssFinalMb { get; init; }
    /// <summary>TorchSharp tensors alive on the worker thread after the warm-up and at the end; −1 when unknown.</summary>
    public long LiveTensorsStart { get; init; } = -1;
    public long LiveTensorsEnd { get; init; } = -1;
    /// <summary>Mean .NET GC pause per timed iteration, ms (TorchSharp only; −1 when unknown).</summary>
    public double GcPauseMs { get; init; } = -1;
    /// <summary>Images per timed iteration.</summary>
    public int Batch { get; init; }
    /// <summary>Share of the machine's CPUs other processes used during the run (set by the orchestrator).</summary>
    [JsonIgnore] public double OtherLoad { get; set; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RunResult FromJson(string line) =>
        JsonSerializer.Deserialize<RunResult>(line, Json) ?? throw new InvalidDataException($"not a result: {line}");
}

/// <summary>This process's resident memory from /proc/self/status (NaN off Linux).</summary>
internal static class ProcStatus
{
    /// <summary>Current resident set, MB.</summary>
    public static double RssMb() => Field("VmRSS:");

    /// <summary>Peak resident set since the process started, MB.</summary>
    public static double PeakRssMb() => Field("VmHWM:");

    private static double Field(string name)
    {
        if (!File.Exists("/proc/self/status")) return double.NaN;
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(name, StringComparison.Ordinal))
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }
}
