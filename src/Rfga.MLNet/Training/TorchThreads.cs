using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace Rfga.MLNet.Training;

/// <summary>
/// The torch intra-op thread policy: never more threads than CPUs this process may use.
/// </summary>
/// <remarks>
/// libtorch starts with one OpenMP thread per physical core of the machine, which ignores container CPU limits: in a
/// container limited to 2 CPUs on a 64-core host it would run 32 or 64 spinning threads on 2 CPUs, several times
/// slower than 2 threads (notes/performance.md; PerformanceBench's <c>ts-4t</c> variant measures 4 threads on 2 CPUs).
/// <see cref="Environment.ProcessorCount"/> honours CPU affinity and container limits. <c>RfgaTrainer.Fit</c> and the
/// trained classifier call <see cref="LimitToProcessorCount"/>; bare <see cref="WsolTrainer"/> users may call it
/// themselves. It only ever lowers the count, and does nothing when <c>OMP_NUM_THREADS</c> or <c>MKL_NUM_THREADS</c>
/// is set (the user chose). Results depend on the thread count at the 1e-10 level (notes/mlnet-extension.md §8), so
/// pin <c>torch.set_num_threads</c> where bit-identical runs across machines matter.
/// </remarks>
public static class TorchThreads
{
    /// <summary>Environment variables that, when set, leave the thread count to the user (OpenMP's and MKL's).</summary>
    public static readonly IReadOnlyList<string> UserVariables = ["OMP_NUM_THREADS", "MKL_NUM_THREADS"];

    /// <summary>The most intra-op threads the policy allows: <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Limit => Math.Max(1, Environment.ProcessorCount);

    /// <summary>True when one of <see cref="UserVariables"/> is set to a non-empty value.</summary>
    public static bool UserChose
    {
        get
        {
            foreach (string name in UserVariables)
                if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(name))) return true;
            return false;
        }
    }

    /// <summary>
    /// Lowers torch's intra-op thread count to <see cref="Limit"/> when it is higher, unless <see cref="UserChose"/>.
    /// </summary>
    /// <returns>The thread count in effect afterwards.</returns>
    public static int LimitToProcessorCount()
    {
        int current = get_num_threads();
        int target = Choose(current, Limit, UserChose);
        if (target != current) set_num_threads(target);
        return get_num_threads();
    }

    /// <summary>The policy as a pure function: the thread count to use given the current one, the limit and whether the user chose.</summary>
    internal static int Choose(int current, int limit, bool userChose) =>
        userChose || current <= limit ? current : Math.Max(1, limit);
}
