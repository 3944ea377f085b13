using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using TorchSharp.Modules;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary>Autograd gradients of RFGA against central finite differences, everything in float64.</summary>
[TestClass]
public sealed class RfgaGradientTests
{
    private const int B = 3, C = 4, H = 3, W = 5;
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    [TestMethod]
    [DataRow(true, RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, true)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, false)]
    [DataRow(false, RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, true)]
    [DataRow(true, RfgaViews.Height | RfgaViews.Channel, HwConvAxis.Channel, SpatialMixing.Dense, true)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Dense, true)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Depthwise, false)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Shared, true)]
    public void Backward_Float64_MatchesCentralFiniteDifferences(bool residual, RfgaViews views, HwConvAxis axis,
        SpatialMixing mixing, bool training)
    {
        random.manual_seed(11);
        using var module = new RfgaModule(C, residual, views, hwConvAxis: axis, spatialMixing: mixing);
        module.to(ScalarType.Float64);
        var rng = new Random(5);
        Randomize(module, rng);
        module.train(training);
        using var x = FromArray(Random4(rng, B, C, H, W, 0, 3), ScalarType.Float64).requires_grad_(true);
        using var weights = FromArray(Random4(rng, B, C, H, W, -1, 1), ScalarType.Float64);   // L = Σ X̂ ⊙ R

        using (var loss = Loss(module, x, weights)) loss.backward();
        var parameters = module.named_parameters().ToList();
        Assert.IsNotEmpty(parameters);

        CheckAgainstFiniteDifferences("x", x, Values(x.grad!), module, x, weights);
        foreach (var (name, p) in parameters) CheckAgainstFiniteDifferences(name, p, Values(p.grad!), module, x, weights);
    }

    private static Tensor Loss(RfgaModule module, Tensor x, Tensor weights)
    {
        using var y = module.forward(x);
        using var weighted = y * weights;
        return weighted.sum();
    }

    private static double LossValue(RfgaModule module, Tensor x, Tensor weights)
    {
        using var noGrad = no_grad();
        using var loss = Loss(module, x, weights);
        return loss.item<double>();
    }

    /// <summary>Perturbs each element of <paramref name="target"/> by ±Step and compares (L⁺ − L⁻) / 2·Step with the autograd value.</summary>
    private static void CheckAgainstFiniteDifferences(string name, Tensor target, double[] analytic, RfgaModule module, Tensor x, Tensor weights)
    {
        Assert.AreEqual(ScalarType.Float64, target.dtype, name);
        using var flat = target.detach().view(-1);
        double maxAbs = analytic.Max(Math.Abs);
        for (int i = 0; i < analytic.Length; i++)
        {
            using var element = flat[i];
            double original = element.item<double>();
            using (no_grad()) element.fill_(original + Step);
            double plus = LossValue(module, x, weights);
            using (no_grad()) element.fill_(original - Step);
            double minus = LossValue(module, x, weights);
            using (no_grad()) element.fill_(original);
            double numeric = (plus - minus) / (2 * Step);
            Assert.IsTrue(Math.Abs(numeric - analytic[i]) <= Tolerance * (1 + maxAbs),
                $"d L / d {name}[{i}]: autograd {analytic[i]}, finite difference {numeric}");
        }
    }
}
