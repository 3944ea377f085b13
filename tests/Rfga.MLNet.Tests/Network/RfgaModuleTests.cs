using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

[TestClass]
public sealed class RfgaModuleTests
{
    private const int B = 2, C = 5, H = 3, W = 4;

    [TestMethod]
    [DataRow(true, RfgaViews.All)]
    [DataRow(false, RfgaViews.All)]
    [DataRow(true, RfgaViews.Channel)]
    [DataRow(true, RfgaViews.Height)]
    [DataRow(true, RfgaViews.Width)]
    [DataRow(true, RfgaViews.Height | RfgaViews.Channel)]
    public void Forward_EvalMode_MatchesLoopImplementationOfPaperEquations(bool residual, RfgaViews views)
    {
        random.manual_seed(7);
        using var module = new RfgaModule(C, residual, views, kernelSize: 3);
        var rng = new Random(3);
        var named = module.named_parameters().ToDictionary(t => t.name, t => t.parameter);
        var buffers = module.named_buffers().ToDictionary(t => t.name, t => t.buffer);
        // Non-trivial BN statistics and affine parameters so every term of the equations matters.
        foreach (var p in named.Values)
        {
            using var noGrad = no_grad();
            p.copy_(RandomTensor(rng, p.shape, -1, 1));
        }
        foreach (var (name, buf) in buffers)
        {
            if (name.EndsWith("running_mean")) buf.copy_(RandomTensor(rng, buf.shape, -0.5, 0.5));
            if (name.EndsWith("running_var")) buf.copy_(RandomTensor(rng, buf.shape, 0.5, 2));
        }
        module.eval();
        var xData = new double[B, C, H, W];
        foreach (var idx in Indices()) xData[idx.b, idx.c, idx.i, idx.j] = rng.NextDouble() * 3;
        using var x = FromArray(xData);
        using var y = module.forward(x);

        double[,,,] expected = Reference(xData, residual, views, named, buffers);
        var actual = y.to_type(ScalarType.Float64).data<double>().ToArray();
        foreach (var (b, c, i, j) in Indices())
        {
            double e = expected[b, c, i, j], a = actual[((b * C + c) * H + i) * W + j];
            Assert.AreEqual(e, a, 1e-5 + 1e-5 * Math.Abs(e), $"X̂[{b},{c},{i},{j}]");
        }
    }

    [TestMethod]
    public void AttentionMap_AllViews_LiesBetweenHalfAndSigmoidOfThree()
    {
        random.manual_seed(1);
        using var module = new RfgaModule(8);
        module.eval();
        using var x = rand(2, 8, 5, 6) * 4;
        using var m = module.AttentionMap(x);
        Assert.IsTrue(m.min().item<float>() > 0.5f);
        Assert.IsTrue(m.max().item<float>() < 1 / (1 + Math.Exp(-3)));
        using var y = module.forward(x);
        Assert.IsTrue(y.allclose(x + x * m, rtol: 1e-6, atol: 1e-6), "residual output must equal X + X ⊙ M");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOne_ThrowsNamingChannelBranch()
    {
        using var module = new RfgaModule(4);
        module.train();
        using var x = rand(1, 4, 3, 3);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => module.forward(x));
        StringAssert.Contains(e.Message, "channel branch");
        StringAssert.Contains(e.Message, "batch of 1");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOneWithRunningStatsPolicy_LeavesRunningStatsUnchanged()
    {
        using var module = new RfgaModule(4, views: RfgaViews.Channel, singleSample: SingleSampleBatchNorm.UseRunningStats);
        module.train();
        var before = module.named_buffers().ToDictionary(t => t.name, t => t.buffer)["bn_c.running_var"].clone();
        using var x = rand(1, 4, 3, 3);
        using var y = module.forward(x);
        var after = module.named_buffers().ToDictionary(t => t.name, t => t.buffer)["bn_c.running_var"];
        Assert.IsTrue(after.allclose(before, rtol: 0, atol: 0));
        Assert.IsFalse(y.isnan().any().item<bool>());
    }

    [TestMethod]
    public void Constructor_EmptyViewsOrEvenKernel_ThrowsNamingParameter()
    {
        Assert.AreEqual("views", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, views: 0)).ParamName);
        Assert.AreEqual("kernelSize", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, kernelSize: 2)).ParamName);
    }

    [TestMethod]
    public void StateDict_FullModule_HasParameterCountOfPaper()
    {
        // PAPER.md §2.3: 3k + 6C learnable values.
        using var module = new RfgaModule(2048);
        long count = 0;
        foreach (var p in module.parameters()) count += p.numel();
        Assert.AreEqual(12_297L, count);
    }

    /// <summary>Eqs. 1–8 with plain loops in double.</summary>
    private static double[,,,] Reference(double[,,,] x, bool residual, RfgaViews views,
        System.Collections.Generic.Dictionary<string, Parameter> p, System.Collections.Generic.Dictionary<string, Tensor> buf)
    {
        double[] K(string v) => p[$"conv_{v}.weight"].to_type(ScalarType.Float64).data<double>().ToArray();
        double[] P(string n) => (n.Contains("running") ? buf[n] : p[n]).to_type(ScalarType.Float64).data<double>().ToArray();
        double Sig(double v) => 1 / (1 + Math.Exp(-v));
        // z for a descriptor d[c] (one position): conv along channels, BN with running stats, sigmoid.
        double[] Z(string v, double[] d)
        {
            var k = K(v);
            var g = P($"bn_{v}.weight"); var beta = P($"bn_{v}.bias"); var mu = P($"bn_{v}.running_mean"); var var_ = P($"bn_{v}.running_var");
            var z = new double[C];
            for (int c = 0; c < C; c++)
            {
                double u = 0;
                for (int j = 0; j < 3; j++)
                {
                    int src = c + j - 1;
                    if (src >= 0 && src < C) u += k[j] * d[src];
                }
                z[c] = Sig(g[c] * (u - mu[c]) / Math.Sqrt(var_[c] + 1e-5) + beta[c]);
            }
            return z;
        }
        var y = new double[B, C, H, W];
        for (int b = 0; b < B; b++)
        {
            var zc = new double[C];
            var zh = new double[H][];
            var zw = new double[W][];
            var dc = new double[C];
            for (int c = 0; c < C; c++) { for (int i = 0; i < H; i++) for (int j = 0; j < W; j++) dc[c] += x[b, c, i, j]; dc[c] /= H * W; }
            if (views.HasFlag(RfgaViews.Channel)) zc = Z("c", dc);
            for (int i = 0; i < H; i++)
            {
                var d = new double[C];
                for (int c = 0; c < C; c++) { for (int j = 0; j < W; j++) d[c] += x[b, c, i, j]; d[c] /= W; }
                zh[i] = views.HasFlag(RfgaViews.Height) ? Z("h", d) : new double[C];
            }
            for (int j = 0; j < W; j++)
            {
                var d = new double[C];
                for (int c = 0; c < C; c++) { for (int i = 0; i < H; i++) d[c] += x[b, c, i, j]; d[c] /= H; }
                zw[j] = views.HasFlag(RfgaViews.Width) ? Z("w", d) : new double[C];
            }
            for (int c = 0; c < C; c++)
                for (int i = 0; i < H; i++)
                    for (int j = 0; j < W; j++)
                    {
                        double s = (views.HasFlag(RfgaViews.Height) ? zh[i][c] : 0) + (views.HasFlag(RfgaViews.Width) ? zw[j][c] : 0)
                                 + (views.HasFlag(RfgaViews.Channel) ? zc[c] : 0);
                        double m = Sig(s);
                        y[b, c, i, j] = residual ? x[b, c, i, j] * (1 + m) : x[b, c, i, j] * m;
                    }
        }
        return y;
    }

    private static System.Collections.Generic.IEnumerable<(int b, int c, int i, int j)> Indices()
    {
        for (int b = 0; b < B; b++) for (int c = 0; c < C; c++) for (int i = 0; i < H; i++) for (int j = 0; j < W; j++) yield return (b, c, i, j);
    }

    private static Tensor FromArray(double[,,,] a)
    {
        var flat = new float[a.Length];
        int n = 0;
        foreach (var (b, c, i, j) in Indices()) flat[n++] = (float)a[b, c, i, j];
        // Store the float-rounded values back so the reference sees exactly what torch sees.
        n = 0;
        foreach (var (b, c, i, j) in Indices()) a[b, c, i, j] = flat[n++];
        return tensor(flat, [B, C, H, W]);
    }

    private static Tensor RandomTensor(Random rng, long[] shape, double lo, double hi)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        return tensor(v, shape);
    }
}
