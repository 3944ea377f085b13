using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary>SE, CBAM and ECA (PAPER.md §7) against naive loops, closed-form parameter counts and traces.</summary>
[TestClass]
public sealed class AttentionModulesTests
{
    private const int B = 2, C = 32, H = 4, W = 5;
    private const double Tolerance = 1e-5;

    [TestMethod]
    public void SeForward_RandomState_MatchesNaiveLoops()
    {
        random.manual_seed(21);
        using var module = new SeModule(C);
        var rng = new Random(21);
        Randomize(module, rng);
        var xData = Random4(rng, B, C, H, W, 0, 3);
        using var x = FromArray(xData);
        using var y = module.forward(x);
        AssertClose(NaiveAttention.Se(xData, State(module)), y, Tolerance, "SE X̂");
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(5)]
    public void EcaForward_RandomState_MatchesNaiveLoops(int k)
    {
        random.manual_seed(22);
        using var module = new EcaModule(C, k);
        var rng = new Random(22);
        Randomize(module, rng);
        var xData = Random4(rng, B, C, H, W, 0, 3);
        using var x = FromArray(xData);
        using var y = module.forward(x);
        AssertClose(NaiveAttention.Eca(xData, State(module)), y, Tolerance, "ECA X̂");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void CbamForward_RandomState_MatchesNaiveLoopsAndRunningStats(bool training)
    {
        random.manual_seed(23);
        using var module = new CbamModule(C);
        var rng = new Random(23);
        Randomize(module, rng);
        var state = State(module);
        module.train(training);
        // Signed input so that max pooling and the MLP's ReLU both matter.
        var xData = Random4(rng, B, C, H, W, -2, 3);
        using var x = FromArray(xData);
        using var y = module.forward(x);
        var expected = NaiveAttention.Cbam(xData, state, training, CbamModule.SpatialBatchNormMomentum, out var mean, out var variance);
        AssertClose(expected, y, Tolerance, "CBAM X̂");
        var after = State(module);
        AssertClose(mean, after["bn.running_mean"], Tolerance, "bn.running_mean");
        AssertClose(variance, after["bn.running_var"], Tolerance, "bn.running_var");
    }

    [TestMethod]
    public void Trace_EveryComparedModule_XHatEqualsXTimesMAndForward()
    {
        random.manual_seed(24);
        using var x = rand(B, C, H, W);
        foreach (WsolAttention module in new WsolAttention[] { new SeModule(C), new CbamModule(C), new EcaModule(C) })
        {
            using (module)
            {
                module.eval();
                using var trace = module.Trace(x);
                using var y = module.forward(x);
                using var xm = x * trace.M!;
                Assert.IsTrue(trace.XHat.allclose(y, rtol: 1e-6, atol: 1e-7), $"{module.GetName()}: Trace X̂ = forward");
                Assert.IsTrue(trace.XHat.allclose(xm, rtol: 1e-6, atol: 1e-7), $"{module.GetName()}: X̂ = X ⊙ M");
                CollectionAssert.AreEqual(new long[] { B, C, 1, 1 }, trace.Zc!.shape, $"{module.GetName()}: channel gate shape");
                Assert.IsTrue(trace.Zc.min().item<float>() > 0 && trace.Zc.max().item<float>() < 1, "gate in (0, 1)");
                Assert.IsNull(trace.Zh);
                Assert.IsNull(trace.Zw);
            }
        }
    }

    /// <summary>Closed forms at the paper's C = 2048 (r = 16, hidden 128; k = 3).</summary>
    [TestMethod]
    public void Parameters_PaperChannels_MatchClosedForms()
    {
        const long Channels = 2048, Hidden = Channels / 16;
        long mlp = 2 * Channels * Hidden + Hidden + Channels;                   // W₁, b₁, W₂, b₂
        using (var se = new SeModule(Channels)) Assert.AreEqual(mlp, ParameterCount(se));
        Assert.AreEqual(526_464L, mlp);
        using (var cbam = new CbamModule(Channels)) Assert.AreEqual(mlp + 2 * 7 * 7 + 2, ParameterCount(cbam));   // + conv7×7(2→1) + BN γ, β
        using (var eca = new EcaModule(Channels)) Assert.AreEqual(3L, ParameterCount(eca));
    }

    [TestMethod]
    [DataRow(2048L, 7)]
    [DataRow(1024L, 5)]
    [DataRow(512L, 5)]
    [DataRow(256L, 5)]
    [DataRow(128L, 5)]
    [DataRow(64L, 3)]
    [DataRow(16L, 3)]
    public void AdaptiveKernelSize_Channels_FollowsEcaRule(long channels, int expected)
    {
        // ECA-Net: t = int(|log2(C) + 1| / 2); k = t if t is odd else t + 1.
        Assert.AreEqual(expected, EcaModule.AdaptiveKernelSize(channels));
    }

    [TestMethod]
    public void Constructors_BadArguments_ThrowNamingParameter()
    {
        Assert.AreEqual("reduction", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeModule(8, 0)).ParamName);
        Assert.AreEqual("reduction", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CbamModule(8, 0)).ParamName);
        Assert.AreEqual("kernelSize", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EcaModule(8, 4)).ParamName);
        Assert.AreEqual("channels", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeModule(0)).ParamName);
    }
}
