using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using TorchSharp.Modules;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary>
/// RfgaModule's fast formulation (channel conv as shifted multiply-adds, (z_h + z_c) + z_w, X ⊙ (1 + M) in place
/// without autograd) against the paper's equations written literally with torch ops (conv1d on the permuted
/// descriptor, (z_h + z_w) + z_c, X + X ⊙ M) on the same weights: the float32 output equal to 1e-6 of its scale.
/// Gradients are compared in float64 (1e-10): in float32 the two formulations sum the parameter gradients in different
/// orders, which alone moves them by about 1e-5 relative (measured 1.1e-5 on conv_c's weight).
/// </summary>
[TestClass]
public sealed class RfgaFormulationTests
{
    private const double Tolerance = 1e-6;

    [TestMethod]
    [DataRow(true, true, false)]
    [DataRow(true, false, false)]
    [DataRow(true, false, true)]
    [DataRow(false, false, true)]
    [DataRow(false, true, false)]
    public void Forward_Float32_EqualsLiteralEquationsTo1e6(bool residual, bool training, bool withoutGrad)
    {
        random.manual_seed(21);
        using var module = new RfgaModule(64, residual);
        Randomize(module, new Random(8));
        using var x = rand(4, 64, 7, 9) * 3;
        module.train(training);
        using var expected = Literal(module, x, training);   // before forward: training updates the running statistics
        using var scope = NewDisposeScope();
        Tensor actual;
        if (withoutGrad)
        {
            using var noGrad = no_grad();
            actual = module.forward(x);
        }
        else
        {
            actual = module.forward(x);
        }
        AssertClose(expected, actual, "X̂", Tolerance);
    }

    [TestMethod]
    public void Backward_Float64_EqualsLiteralEquationsTo1e10()
    {
        random.manual_seed(22);
        using var module = new RfgaModule(64);
        module.to(ScalarType.Float64);
        Randomize(module, new Random(9));
        module.train();
        using var scope = NewDisposeScope();
        var x = rand(4, 64, 7, 9, dtype: ScalarType.Float64) * 3;
        var upstream = randn(4, 64, 7, 9, dtype: ScalarType.Float64);

        var xe = x.detach().requires_grad_(true);
        (Literal(module, xe, training: true) * upstream).sum().backward();
        var expected = module.parameters().Select(p => p.grad!.clone()).Prepend(xe.grad!.clone()).ToList();
        module.zero_grad();

        var xa = x.detach().requires_grad_(true);
        (module.forward(xa) * upstream).sum().backward();
        var actual = module.parameters().Select(p => p.grad!).Prepend(xa.grad!).ToList();

        Assert.HasCount(10, expected, "x, three conv weights, three BatchNorm weights and biases");
        for (int i = 0; i < expected.Count; i++) AssertClose(expected[i], actual[i], i == 0 ? "∂/∂X" : $"∂/∂parameter {i}", 1e-10);
    }

    /// <summary>PAPER.md Eqs. 1–8 as written: conv1d on (N·A·B, 1, C), M = σ((z_h + z_w) + z_c), X̂ = X + X ⊙ M.</summary>
    private static Tensor Literal(RfgaModule module, Tensor x, bool training)
    {
        using var scope = NewDisposeScope();
        var p = module.named_children().ToDictionary(c => c.name, c => c.module);
        var zh = Branch(x.mean([3], keepdim: true), (Conv1d)p["conv_h"], (WsolBatchNorm)p["bn_h"], training);
        var zw = Branch(x.mean([2], keepdim: true), (Conv1d)p["conv_w"], (WsolBatchNorm)p["bn_w"], training);
        var zc = Branch(x.mean([2, 3], keepdim: true), (Conv1d)p["conv_c"], (WsolBatchNorm)p["bn_c"], training);
        var m = ((zh + zw) + zc).sigmoid();
        var y = module.Residual ? x + x * m : x * m;
        return y.MoveToOuterDisposeScope();
    }

    private static Tensor Branch(Tensor v, Conv1d conv, WsolBatchNorm bn, bool training)
    {
        long b = v.shape[0], c = v.shape[1], a = v.shape[2], d = v.shape[3];
        var sequence = v.permute(0, 2, 3, 1).reshape(b * a * d, 1, c);
        var u = nn.functional.conv1d(sequence, conv.weight!, padding: (conv.weight!.shape[2] - 1) / 2)
            .reshape(b, a, d, c).permute(0, 3, 1, 2);
        // Copies of the running statistics: the module's own forward updates the real ones.
        using var mean = bn.RunningMean.clone();
        using var variance = bn.RunningVar.clone();
        return nn.functional.batch_norm(u, mean, variance, bn.Weight, bn.Bias, training, 0.1, 1e-5).sigmoid();
    }

    private static void AssertClose(Tensor expected, Tensor actual, string what, double tolerance)
    {
        using var scope = NewDisposeScope();
        var e = expected.detach().to_type(ScalarType.Float64);
        var a = actual.detach().to_type(ScalarType.Float64);
        CollectionAssert.AreEqual(e.shape, a.shape, what);
        double scale = e.abs().max().item<double>();
        double diff = (e - a).abs().max().item<double>();
        Assert.IsGreaterThan(0.0, scale, $"{what}: all zero");
        Assert.IsLessThanOrEqualTo(tolerance * scale, diff, $"{what}: max |literal − fast| = {diff:E2} at scale {scale:E2}");
    }
}
