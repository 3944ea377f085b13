using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary>Conversions between tensors and plain double arrays, and random module states, for the Network tests.</summary>
internal static class TestTensors
{
    /// <summary>The values of <paramref name="t"/> in row-major order, as doubles.</summary>
    public static double[] Values(Tensor t)
    {
        using var d = t.detach().cpu().to_type(ScalarType.Float64).contiguous();
        return d.data<double>().ToArray();
    }

    /// <summary>A [B, C, H, W] tensor as a 4-D array.</summary>
    public static double[,,,] Array4(Tensor t)
    {
        var v = Values(t);
        int b = (int)t.shape[0], c = (int)t.shape[1], h = (int)t.shape[2], w = (int)t.shape[3];
        var a = new double[b, c, h, w];
        int n = 0;
        for (int i0 = 0; i0 < b; i0++) for (int i1 = 0; i1 < c; i1++) for (int i2 = 0; i2 < h; i2++) for (int i3 = 0; i3 < w; i3++) a[i0, i1, i2, i3] = v[n++];
        return a;
    }

    /// <summary>
    /// A tensor of <paramref name="dtype"/> holding <paramref name="a"/>. For float32 the rounded values are written
    /// back into <paramref name="a"/>, so a double reference sees exactly what torch sees.
    /// </summary>
    public static Tensor FromArray(double[,,,] a, ScalarType dtype = ScalarType.Float32)
    {
        long[] shape = [a.GetLength(0), a.GetLength(1), a.GetLength(2), a.GetLength(3)];
        var flat = new double[a.Length];
        int n = 0;
        foreach (var (i0, i1, i2, i3) in Indices(a)) flat[n++] = dtype == ScalarType.Float32 ? (float)a[i0, i1, i2, i3] : a[i0, i1, i2, i3];
        n = 0;
        foreach (var (i0, i1, i2, i3) in Indices(a)) a[i0, i1, i2, i3] = flat[n++];
        using var t = tensor(flat, shape, ScalarType.Float64);
        return t.to_type(dtype);
    }

    /// <summary>A random [b, c, h, w] array uniform in [lo, hi).</summary>
    public static double[,,,] Random4(Random rng, int b, int c, int h, int w, double lo, double hi)
    {
        var a = new double[b, c, h, w];
        foreach (var (i0, i1, i2, i3) in Indices(a)) a[i0, i1, i2, i3] = lo + (hi - lo) * rng.NextDouble();
        return a;
    }

    /// <summary>All (i0, i1, i2, i3) of a 4-D array in row-major order.</summary>
    public static IEnumerable<(int, int, int, int)> Indices(double[,,,] a)
    {
        for (int i0 = 0; i0 < a.GetLength(0); i0++)
            for (int i1 = 0; i1 < a.GetLength(1); i1++)
                for (int i2 = 0; i2 < a.GetLength(2); i2++)
                    for (int i3 = 0; i3 < a.GetLength(3); i3++)
                        yield return (i0, i1, i2, i3);
    }

    /// <summary>
    /// Gives every parameter U(−1, 1) values and every BatchNorm non-trivial running statistics (mean U(−0.5, 0.5),
    /// variance U(0.5, 2)), so every term of the equations matters.
    /// </summary>
    public static void Randomize(nn.Module module, Random rng)
    {
        using var noGrad = no_grad();
        foreach (var (_, p) in module.named_parameters()) Fill(p, rng, -1, 1);
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal)) Fill(buffer, rng, -0.5, 0.5);
            if (name.EndsWith("running_var", StringComparison.Ordinal)) Fill(buffer, rng, 0.5, 2);
        }
    }

    /// <summary>Every parameter and floating-point buffer by state-dict key, as doubles.</summary>
    public static Dictionary<string, double[]> State(nn.Module module)
    {
        var state = new Dictionary<string, double[]>();
        foreach (var (name, p) in module.named_parameters()) state[name] = Values(p);
        foreach (var (name, b) in module.named_buffers())
            if (b.is_floating_point()) state[name] = Values(b);
        return state;
    }

    /// <summary>Σ of the element counts of all parameters.</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>Asserts |e − a| ≤ tol·(1 + |e|) element-wise.</summary>
    public static void AssertClose(double[,,,] expected, Tensor actual, double tol, string what)
    {
        CollectionAssert.AreEqual(new long[] { expected.GetLength(0), expected.GetLength(1), expected.GetLength(2), expected.GetLength(3) },
            actual.shape, $"{what}: shape");
        var a = Values(actual);
        int n = 0;
        foreach (var (i0, i1, i2, i3) in Indices(expected))
        {
            double e = expected[i0, i1, i2, i3], v = a[n++];
            Assert.IsTrue(Math.Abs(e - v) <= tol * (1 + Math.Abs(e)), $"{what}[{i0},{i1},{i2},{i3}]: expected {e}, got {v}");
        }
    }

    /// <summary>Asserts |e − a| ≤ tol·(1 + |e|) element-wise on flat arrays.</summary>
    public static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.IsTrue(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }

    private static void Fill(Tensor t, Random rng, double lo, double hi)
    {
        var v = new double[t.numel()];
        for (int i = 0; i < v.Length; i++) v[i] = lo + (hi - lo) * rng.NextDouble();
        using var src = tensor(v, t.shape, ScalarType.Float64);
        using var cast = src.to_type(t.dtype);
        t.copy_(cast);
    }
}
