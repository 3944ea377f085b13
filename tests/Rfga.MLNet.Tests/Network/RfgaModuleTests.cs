using System;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using static Rfga.MLNet.Tests.Network.TestTensors;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

[TestClass]
public sealed class RfgaModuleTests
{
    private const int B = 3, C = 5, H = 3, W = 4;
    private const double Tolerance = 1e-5;

    [TestMethod]
    [DataRow(true, RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, false, 3)]
    [DataRow(false, RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, false, 3)]
    [DataRow(true, RfgaViews.Channel, HwConvAxis.Channel, SpatialMixing.Dense, false, 3)]
    [DataRow(true, RfgaViews.Height, HwConvAxis.Channel, SpatialMixing.Dense, false, 3)]
    [DataRow(true, RfgaViews.Width, HwConvAxis.Channel, SpatialMixing.Dense, false, 3)]
    [DataRow(true, RfgaViews.Height | RfgaViews.Channel, HwConvAxis.Channel, SpatialMixing.Dense, false, 3)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, true, 3)]
    [DataRow(false, RfgaViews.Width | RfgaViews.Channel, HwConvAxis.Channel, SpatialMixing.Dense, true, 5)]
    [DataRow(true, RfgaViews.Channel, HwConvAxis.Channel, SpatialMixing.Dense, true, 1)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Dense, false, 3)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Dense, true, 3)]
    [DataRow(false, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Depthwise, true, 3)]
    [DataRow(true, RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Shared, false, 3)]
    [DataRow(true, RfgaViews.Height | RfgaViews.Width, HwConvAxis.Spatial, SpatialMixing.Shared, true, 5)]
    public void Trace_AnyConfiguration_MatchesNaiveLoopsOfPaperEquations(bool residual, RfgaViews views, HwConvAxis axis,
        SpatialMixing mixing, bool training, int k)
    {
        random.manual_seed(7);
        using var module = new RfgaModule(C, residual, views, k, hwConvAxis: axis, spatialMixing: mixing);
        var rng = new Random(3);
        Randomize(module, rng);
        var state = State(module);
        module.train(training);
        var xData = Random4(rng, B, C, H, W, 0, 3);
        using var x = FromArray(xData);

        using var trace = module.Trace(x);
        var expected = NaiveAttention.Rfga(xData, state, residual, views, axis, mixing, training, k);

        AssertClose(expected.Y, trace.XHat, Tolerance, "X̂");
        AssertClose(expected.M, trace.M!, Tolerance, "M");
        AssertClose(xData, trace.X, 0, "X");
        Assert.AreEqual(views.HasFlag(RfgaViews.Channel), trace.Zc is not null);
        Assert.AreEqual(views.HasFlag(RfgaViews.Height), trace.Zh is not null);
        Assert.AreEqual(views.HasFlag(RfgaViews.Width), trace.Zw is not null);
        if (expected.Zc is not null) AssertClose(Flatten(expected.Zc), Values(trace.Zc!), Tolerance, "z_c");
        if (expected.Zh is not null) AssertClose(Flatten(expected.Zh), Values(trace.Zh!), Tolerance, "z_h");
        if (expected.Zw is not null) AssertClose(Flatten(expected.Zw), Values(trace.Zw!), Tolerance, "z_w");
        // Running statistics after exactly one forward: updated with the unbiased variance in training, unchanged in eval.
        var after = State(module);
        foreach (var (key, value) in expected.RunningStats) AssertClose(value, after[key], Tolerance, key);

        // forward computes the same X̂ (M kept in broadcast shape there).
        using var y = module.forward(x);
        Assert.IsTrue(y.allclose(trace.XHat, rtol: 1e-6, atol: 1e-7), "forward must equal Trace's X̂");
    }

    [TestMethod]
    public void AttentionMap_AllViews_LiesBetweenHalfAndSigmoidOfThree()
    {
        random.manual_seed(1);
        using var module = new RfgaModule(8);
        Randomize(module, new Random(1));
        module.eval();
        using var x = rand(2, 8, 5, 6) * 4;
        using var m = module.AttentionMap(x);
        Assert.IsGreaterThan(0.5f, m.min().item<float>());
        Assert.IsLessThan((float)NaiveAttention.Sigmoid(3), m.max().item<float>());
    }

    [TestMethod]
    [DataRow(RfgaViews.Channel)]
    [DataRow(RfgaViews.Height)]
    [DataRow(RfgaViews.Width)]
    public void AttentionMap_SingleView_LiesBetweenHalfAndSigmoidOfOne(RfgaViews view)
    {
        random.manual_seed(2);
        using var module = new RfgaModule(8, views: view);
        Randomize(module, new Random(2));
        module.eval();
        using var x = rand(2, 8, 5, 6) * 4;
        using var m = module.AttentionMap(x);
        Assert.IsGreaterThan(0.5f, m.min().item<float>());
        Assert.IsLessThan((float)NaiveAttention.Sigmoid(1), m.max().item<float>());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Forward_EvalMode_EqualsXTimesOnePlusMOrXTimesM(bool residual)
    {
        random.manual_seed(3);
        using var module = new RfgaModule(6, residual);
        Randomize(module, new Random(3));
        module.eval();
        using var x = rand(2, 6, 4, 5);
        using var m = module.AttentionMap(x);
        using var y = module.forward(x);
        using var expected = residual ? x * (1 + m) : x * m;
        Assert.IsTrue(y.allclose(expected, rtol: 1e-6, atol: 1e-7), residual ? "w/ R must equal X·(1+M)" : "w/o R must equal X⊙M");
    }

    [TestMethod]
    [DataRow(RfgaViews.Height | RfgaViews.Channel)]
    [DataRow(RfgaViews.Width | RfgaViews.Channel)]
    [DataRow(RfgaViews.Height | RfgaViews.Width)]
    [DataRow(RfgaViews.Height)]
    public void AttentionMap_ViewSwitchedOff_ContributesNothing(RfgaViews views)
    {
        random.manual_seed(4);
        using var full = new RfgaModule(6);
        Randomize(full, new Random(4));
        using var subset = new RfgaModule(6, views: views);
        // The subset module gets the full module's weights for its views, and has no parameters for the others.
        var fullState = full.state_dict();
        var subsetState = subset.state_dict();
        foreach (var (view, suffix) in new[] { (RfgaViews.Channel, "c"), (RfgaViews.Height, "h"), (RfgaViews.Width, "w") })
            Assert.AreEqual(views.HasFlag(view), subsetState.Keys.Any(key => key.EndsWith("_" + suffix + ".weight", StringComparison.Ordinal) || key.StartsWith("bn_" + suffix, StringComparison.Ordinal)),
                $"parameters of view {view}");
        using (no_grad())
            foreach (var (key, value) in subsetState) value.copy_(fullState[key]);
        full.eval();
        subset.eval();
        using var x = rand(2, 6, 4, 5);
        var (zc, zh, zw) = full.ViewAttention(x);
        using (zc) using (zh) using (zw)
        {
            // M = σ(sum of the enabled views only): an absent view adds 0, not σ(·) or anything else.
            using var sum = zeros(2, 6, 4, 5);
            if (views.HasFlag(RfgaViews.Height)) sum.add_(zh!);
            if (views.HasFlag(RfgaViews.Width)) sum.add_(zw!);
            if (views.HasFlag(RfgaViews.Channel)) sum.add_(zc!);
            using var expected = sum.sigmoid();
            using var m = subset.AttentionMap(x);
            Assert.IsTrue(m.allclose(expected, rtol: 1e-6, atol: 1e-7));
        }
    }

    [TestMethod]
    [DataRow(RfgaViews.Height, 3)]
    [DataRow(RfgaViews.Width, 2)]
    public void AttentionMap_OneSpatialView_IsConstantAlongTheOtherAxis(RfgaViews view, int constantAxis)
    {
        random.manual_seed(5);
        using var module = new RfgaModule(6, views: view);
        Randomize(module, new Random(5));
        module.eval();
        using var x = rand(2, 6, 4, 5);
        using var m = module.AttentionMap(x);
        using var first = m.narrow(constantAxis, 0, 1).expand_as(m);
        Assert.IsTrue(m.allclose(first, rtol: 0, atol: 0), $"{view}-only M must not vary along axis {constantAxis}");
        using var other = m.narrow(5 - constantAxis, 0, 1).expand_as(m);
        Assert.IsFalse(m.allclose(other, rtol: 0, atol: 1e-6), $"{view}-only M must vary along axis {5 - constantAxis}");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOne_ThrowsNamingChannelBranchAndOption()
    {
        using var module = new RfgaModule(4);
        module.train();
        using var x = rand(1, 4, 3, 3);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => module.forward(x));
        StringAssert.Contains(e.Message, "channel branch");
        StringAssert.Contains(e.Message, "batch of 1");
        StringAssert.Contains(e.Message, "SingleSampleBatchNorm.UseRunningStats");
        var runningVar = module.named_buffers().Single(b => b.name == "bn_c.running_var").buffer;
        Assert.IsFalse(runningVar.isnan().any().item<bool>(), "running_var must stay finite");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOneSingleRow_ThrowsNamingHeightBranch()
    {
        using var module = new RfgaModule(4, views: RfgaViews.Height);
        module.train();
        using var x = rand(1, 4, 1, 3);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => module.forward(x));
        StringAssert.Contains(e.Message, "height branch");
    }

    [TestMethod]
    public void Forward_TrainingBatchOfOneWithRunningStatsPolicy_LeavesRunningStatsUnchanged()
    {
        using var module = new RfgaModule(4, views: RfgaViews.Channel, singleSample: SingleSampleBatchNorm.UseRunningStats);
        module.train();
        using var before = module.named_buffers().ToDictionary(t => t.name, t => t.buffer)["bn_c.running_var"].clone();
        using var x = rand(1, 4, 3, 3);
        using var y = module.forward(x);
        var after = module.named_buffers().ToDictionary(t => t.name, t => t.buffer)["bn_c.running_var"];
        Assert.IsTrue(after.allclose(before, rtol: 0, atol: 0));
        Assert.IsFalse(y.isnan().any().item<bool>());
    }

    [TestMethod]
    public void Constructor_BadArguments_ThrowNamingParameter()
    {
        Assert.AreEqual("views", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, views: 0)).ParamName);
        Assert.AreEqual("views", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, views: (RfgaViews)8)).ParamName);
        Assert.AreEqual("kernelSize", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, kernelSize: 2)).ParamName);
        Assert.AreEqual("channels", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(0)).ParamName);
        Assert.AreEqual("hwConvAxis", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, hwConvAxis: (HwConvAxis)5)).ParamName);
        Assert.AreEqual("spatialMixing", Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RfgaModule(4, spatialMixing: (SpatialMixing)5)).ParamName);
    }

    [TestMethod]
    public void Forward_WrongChannelCount_ThrowsNamingShape()
    {
        using var module = new RfgaModule(4);
        using var x = rand(2, 3, 5, 5);
        var e = Assert.ThrowsExactly<ArgumentException>(() => module.forward(x));
        StringAssert.Contains(e.Message, "[B, 4, H, W]");
    }

    /// <summary>PAPER.md §2.3, C = 2048, k = 3.</summary>
    [TestMethod]
    [DataRow(RfgaViews.All, HwConvAxis.Channel, SpatialMixing.Dense, 12_297L)]                    // 3k + 6C
    [DataRow(RfgaViews.Channel, HwConvAxis.Channel, SpatialMixing.Dense, 4_099L)]                 // k + 2C
    [DataRow(RfgaViews.Height, HwConvAxis.Channel, SpatialMixing.Dense, 4_099L)]
    [DataRow(RfgaViews.Width, HwConvAxis.Channel, SpatialMixing.Dense, 4_099L)]
    [DataRow(RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Dense, 25_178_115L)]                // k + 2C²k + 6C
    [DataRow(RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Depthwise, 24_579L)]                // k + 2Ck + 6C
    [DataRow(RfgaViews.All, HwConvAxis.Spatial, SpatialMixing.Shared, 12_297L)]                   // 3k + 6C
    public void Parameters_PaperConfiguration_MatchClosedForm(RfgaViews views, HwConvAxis axis, SpatialMixing mixing, long expected)
    {
        const long Channels = 2048;
        using var module = new RfgaModule(Channels, views: views, hwConvAxis: axis, spatialMixing: mixing);
        Assert.AreEqual(expected, ParameterCount(module));
        long viewCount = new[] { RfgaViews.Channel, RfgaViews.Height, RfgaViews.Width }.Count(v => views.HasFlag(v));
        long statistics = module.named_buffers().Where(b => b.name.Contains("running_")).Sum(b => b.buffer.numel());
        Assert.AreEqual(2 * Channels * viewCount, statistics, "2C running-statistics values per view (12,288 for the full module)");
    }

    private static double[] Flatten(Array a) => a.Cast<double>().ToArray();
}
