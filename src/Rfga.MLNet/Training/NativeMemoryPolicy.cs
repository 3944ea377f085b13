using System;
using System.Runtime.InteropServices;

namespace Rfga.MLNet.Training;

/// <summary>
/// Process-wide native-memory policies for TorchSharp workloads (notes/performance.md findings 1 and 3).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="KeepFreedMemory"/> tells glibc's allocator to keep freed memory in the process instead of handing every
/// large tensor back to the kernel when it is freed: without it each training step faults the same pages in again
/// (0.67 µs per 4 KiB page on the measured VM), which made RFGA 2–3× and ResNet-50 inference 10–25% slower. The price
/// is that the process keeps its peak heap (RSS does not fall after a peak). It is on by default: <see cref="ApplyDefault"/>
/// runs at the start of <c>WsolTrainer.Train</c> and of every torch entry point of the ML.NET layer (RfgaTrainer.Fit,
/// loading or creating a classifier). A process that must give memory back to the system after a peak opts out by
/// setting the environment variable <see cref="OptOutVariable"/> to <c>0</c> before its first use of the library. An
/// application may also call <see cref="KeepFreedMemory"/> itself at start-up, before any large tensor exists.
/// </para>
/// <para>
/// <see cref="ReleaseUnreachableHandles"/> runs the finalizers of TorchSharp handles nobody disposed. The trainer
/// calls it after every step (<see cref="TrainingSettings.CollectNativeMemoryEveryStep"/>).
/// </para>
/// </remarks>
public static class NativeMemoryPolicy
{
    // glibc malloc.h parameters.
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapMax = -4;

    /// <summary>Extra heap glibc asks the kernel for whenever the heap grows (M_TOP_PAD), in bytes: 256 MiB.</summary>
    public static readonly int TopPadBytes = 256 << 20;

    /// <summary>Environment variable that turns <see cref="ApplyDefault"/> off when set to <c>0</c> or <c>false</c>.</summary>
    public const string OptOutVariable = "RFGA_KEEP_FREED_MEMORY";

    private static readonly object Gate = new();
    private static bool? applied;

    /// <summary>
    /// The library's default: <see cref="KeepFreedMemory"/>, unless <see cref="OptOutVariable"/> is <c>0</c> or
    /// <c>false</c>. Called by the trainer and the ML.NET layer before they allocate tensors.
    /// </summary>
    /// <returns>True when the allocator settings are in effect.</returns>
    public static bool ApplyDefault() => !IsOptOut(Environment.GetEnvironmentVariable(OptOutVariable)) ? KeepFreedMemory() : IsKeepingFreedMemory;

    /// <summary>True for the values of <see cref="OptOutVariable"/> that turn the default off.</summary>
    internal static bool IsOptOut(string? value) =>
        value?.Trim() is { } v && (v == "0" || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// On Linux with glibc: no mmap for large blocks (M_MMAP_MAX = 0), never trim the heap (M_TRIM_THRESHOLD =
    /// int.MaxValue) and grow it in <see cref="TopPadBytes"/> steps (M_TOP_PAD), so freed tensor memory is reused
    /// without page faults. Applied once per process; later calls return the first call's result.
    /// </summary>
    /// <returns>True when the settings are in effect; false on other systems or C libraries (nothing changed).</returns>
    public static bool KeepFreedMemory()
    {
        lock (Gate)
        {
            applied ??= OperatingSystem.IsLinux() && TryMallopt();
            return applied.Value;
        }
    }

    /// <summary>True once <see cref="KeepFreedMemory"/> has applied the allocator settings in this process.</summary>
    public static bool IsKeepingFreedMemory
    {
        get
        {
            lock (Gate) return applied == true;
        }
    }

    /// <summary>
    /// A full blocking garbage collection followed by the pending finalizers: releases the native memory of
    /// TorchSharp handles that are unreachable but were never disposed. A training step allocates almost no managed
    /// memory, so without this the GC may never run and such memory accumulates (notes/performance.md finding 1).
    /// </summary>
    public static void ReleaseUnreachableHandles()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private static bool TryMallopt()
    {
        try
        {
            // Each call returns 1 on success; musl and other C libraries either lack mallopt or return 0.
            return Glibc.mallopt(MMmapMax, 0) == 1
                && Glibc.mallopt(MTrimThreshold, int.MaxValue) == 1
                && Glibc.mallopt(MTopPad, TopPadBytes) == 1;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static class Glibc
    {
        [DllImport("libc.so.6", EntryPoint = "mallopt")]
        internal static extern int mallopt(int param, int value);
    }
}
