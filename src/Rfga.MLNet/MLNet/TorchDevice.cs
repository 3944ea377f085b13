using System;
using Microsoft.ML.Runtime;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.MLNet;

/// <summary>Chooses the torch device from the MLContext's <c>GpuDeviceId</c> and <c>FallbackToCpu</c>.</summary>
internal static class TorchDevice
{
    /// <summary>
    /// CUDA device <c>GpuDeviceId</c> when set and CUDA is available; otherwise the CPU, unless
    /// <c>FallbackToCpu</c> is false, which makes a missing GPU an error. Every torch entry point of the ML.NET layer
    /// comes here first, so this also applies the thread policy (<see cref="TorchThreads.LimitToProcessorCount"/>) and
    /// the allocator policy (<see cref="NativeMemoryPolicy.ApplyDefault"/>).
    /// </summary>
    public static Device Select(IHostEnvironment env)
    {
        NativeMemoryPolicy.ApplyDefault();
        TorchThreads.LimitToProcessorCount();
        var settings = env as IHostEnvironmentInternal;
        int? gpu = settings?.GpuDeviceId;
        if (gpu is null) return CPU;
        if (cuda.is_available())
        {
            int count = cuda.device_count();
            if (gpu.Value < 0 || gpu.Value >= count)
                throw new ArgumentOutOfRangeException("GpuDeviceId", gpu.Value, $"this machine has {count} CUDA device(s)");
            return new Device(DeviceType.CUDA, gpu.Value);
        }
        if (settings?.FallbackToCpu == false)
            throw new InvalidOperationException(
                $"MLContext.GpuDeviceId = {gpu.Value} but CUDA is not available (build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU), " +
                "and MLContext.FallbackToCpu is false.");
        return CPU;
    }

    /// <summary>The MLContext seed, or 1 when it has none (as ML.NET's own torch trainers do).</summary>
    public static int Seed(IHostEnvironment env) => (env as IHostEnvironmentInternal)?.Seed ?? 1;
}
