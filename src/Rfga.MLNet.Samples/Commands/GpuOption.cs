using System;
using System.CommandLine;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// <c>--gpu N</c>: the CUDA device on which a command trains and scores — ML.NET's own switch,
/// <see cref="MLContext.GpuDeviceId"/> with <see cref="MLContext.FallbackToCpu"/> off, so a missing GPU is an error rather
/// than a silent CPU run. Absent: the CPU.
/// </summary>
internal static class GpuOption
{
    /// <summary>A new <c>--gpu</c> option.</summary>
    public static Option<int?> Create() => CliOptions.Make<int?>("--gpu",
        "CUDA device index to train and score on (needs the CUDA build, -p:TorchBackend=cuda: README 'Running on a GPU'). Default: the CPU.", null);

    /// <summary>An ML.NET context with <paramref name="seed"/> on the device <paramref name="gpu"/> (checked first).</summary>
    public static MLContext Context(int? seed, int? gpu)
    {
        Check(gpu);
        return new MLContext(seed) { GpuDeviceId = gpu, FallbackToCpu = gpu is null };
    }

    /// <summary>The torch device of <paramref name="gpu"/> (checked), for code that runs without an ML.NET context.</summary>
    public static Device Device(int? gpu)
    {
        Check(gpu);
        return gpu is null ? CPU : new Device(DeviceType.CUDA, gpu.Value);
    }

    /// <summary>
    /// <paramref name="gpu"/>, after checking that CUDA has that device (throws naming the flag otherwise). Commands call it
    /// before reading any input, so a wrong flag fails at once and writes nothing.
    /// </summary>
    public static int? Checked(int? gpu)
    {
        Check(gpu);
        return gpu;
    }

    private static void Check(int? gpu)
    {
        if (gpu is null) return;
        if (!cuda.is_available())
            throw new InvalidOperationException($"--gpu {gpu} but CUDA is not available (build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU).");
        int count = cuda.device_count();
        if (gpu < 0 || gpu >= count) throw new ArgumentException($"--gpu {gpu}: this machine has {count} CUDA device(s), numbered from 0.");
    }
}
