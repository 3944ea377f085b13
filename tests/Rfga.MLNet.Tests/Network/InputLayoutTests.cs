using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using Rfga.MLNet.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary>
/// The channels-last input of <see cref="WsolNetwork.InputLayout"/> (<see cref="MemoryLayout"/>): same results as the NCHW
/// path up to float rounding, contiguous parameters and outputs, exact save/load, no leaked tensor.
/// </summary>
[TestClass]
public sealed class InputLayoutTests
{
    private const int K = 4;

    /// <summary>Relative tolerance of two layouts: different convolution kernels sum in different orders.</summary>
    /// <remarks>
    /// A randomly initialised ResNet-50 in training mode amplifies float32 rounding to about 2% in its gradients (measured:
    /// NCHW at 1 thread against NCHW at 2 threads differs as much as NCHW against channels-last), so deep networks are
    /// compared in float64, where the two layouts agree to 1e-13 (1e-10 after an SGD step).
    /// </remarks>
    private static double Tolerance(ScalarType dtype) => dtype == ScalarType.Float64 ? 1e-8 : 1e-4;

    [TestMethod]
    public void ToChannelsLast_NchwTensor_KeepsShapeAndValuesWithNhwcStridesAndLeavesTheArgument()
    {
        using var x = arange(2 * 3 * 4 * 5, dtype: ScalarType.Float32).reshape(2, 3, 4, 5);
        long[] strides = x.stride();
        Assert.IsFalse(MemoryLayout.IsChannelsLast(x));
        using var cl = MemoryLayout.ToChannelsLast(x);
        CollectionAssert.AreEqual(new long[] { 2, 3, 4, 5 }, cl.shape);
        CollectionAssert.AreEqual(new long[] { 60, 1, 15, 3 }, cl.stride(), "(H·W·C, 1, W·C, C)");
        Assert.IsTrue(MemoryLayout.IsChannelsLast(cl));
        Assert.IsTrue(Equal(cl, x), "same values");
        CollectionAssert.AreEqual(strides, x.stride(), "argument's strides unchanged");
        Assert.IsTrue(x.is_contiguous());
        using (var again = MemoryLayout.ToChannelsLast(cl))
            CollectionAssert.AreEqual(cl.stride(), again.stride(), "already channels-last: an alias");
        using var contiguous = cl.contiguous();
        CollectionAssert.AreEqual(strides, contiguous.stride(), "contiguous() gives NCHW back");
    }

    [TestMethod]
    public void IsChannelsLast_SizeOneDimensionsAndOtherRanks_FollowTorchRules()
    {
        using var oneChannel = zeros(2, 1, 4, 5);                // NCHW and NHWC orders coincide
        Assert.IsTrue(MemoryLayout.IsChannelsLast(oneChannel));
        using var vector = zeros(2, 3);
        Assert.IsFalse(MemoryLayout.IsChannelsLast(vector));
        Assert.ThrowsExactly<ArgumentException>(() => MemoryLayout.ToChannelsLast(vector));
    }

    [TestMethod]
    [DataRow(InputMemoryLayout.Auto, true)]
    [DataRow(InputMemoryLayout.ChannelsLast, true)]
    [DataRow(InputMemoryLayout.AsGiven, false)]
    public void Forward_InputLayoutOnCpu_DecidesWhatTheBackboneSees(InputMemoryLayout layout, bool channelsLast)
    {
        random.manual_seed(3);
        using var network = new WsolNetwork(new WsolNetworkSpec(K, BackboneKind.Tiny)) { InputLayout = layout };
        var seen = new List<bool>();
        var hook = network.Backbone.register_forward_pre_hook((_, x) => { seen.Add(MemoryLayout.IsChannelsLast(x)); return x; });
        network.eval();
        using var images = randn(2, 3, 16, 16);
        using (var output = network.forward(images)) { }
        using (var trace = network.Trace(images)) { }
        hook.remove();
        CollectionAssert.AreEqual(new[] { channelsLast, channelsLast }, seen, "forward and Trace");
        using (var fresh = new WsolNetwork(new WsolNetworkSpec(K))) Assert.AreEqual(InputMemoryLayout.Auto, fresh.InputLayout, "default");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => network.InputLayout = (InputMemoryLayout)7);
    }

    [TestMethod]
    [DataRow(BackboneKind.Tiny, AttentionKind.RfgaResidual, WsolMethod.Cam, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet18, AttentionKind.RfgaResidual, WsolMethod.Cam, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet18, AttentionKind.Cbam, WsolMethod.Cam, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet18, AttentionKind.Se, WsolMethod.Adl, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet18Cntk, AttentionKind.Eca, WsolMethod.Acol, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet50, AttentionKind.RfgaNonResidual, WsolMethod.Cam, ScalarType.Float64)]
    [DataRow(BackboneKind.ResNet50, AttentionKind.RfgaResidual, WsolMethod.Acol, ScalarType.Float64)]
    public void ForwardAndTrace_LayoutOnAndOff_AgreeInTrainAndEvalAndReturnContiguousTensors(BackboneKind backbone, AttentionKind attention,
        WsolMethod method, ScalarType dtype)
    {
        set_num_threads(2);
        var spec = new WsolNetworkSpec(K, backbone, attention, Method: method);
        using var nchw = Build(spec, InputMemoryLayout.AsGiven, dtype);
        using var nhwc = Build(spec, InputMemoryLayout.Auto, dtype);
        double tolerance = Tolerance(dtype);
        random.manual_seed(5);
        using var images = randn(2, 3, 64, 48, dtype: dtype);
        using var labels = tensor(new long[] { 1, 3 });
        foreach (bool train in new[] { true, false })
        {
            nchw.train(train);
            nhwc.train(train);
            using (var a = nchw.ForwardWithLabels(images, labels))
            using (var b = nhwc.ForwardWithLabels(images, labels))
            {
                AssertClose(a.Logits, b.Logits, $"logits, train {train}", tolerance);
                AssertClose(a.ClassMaps, b.ClassMaps, $"class maps, train {train}", tolerance);
                if (a.AuxiliaryLogits is not null) AssertClose(a.AuxiliaryLogits, b.AuxiliaryLogits!, $"auxiliary logits, train {train}", tolerance);
                Assert.IsTrue(b.Logits.is_contiguous() && b.ClassMaps.is_contiguous(), "outputs are NCHW-contiguous");
            }
            using var ta = nchw.Trace(images);
            using var tb = nhwc.Trace(images);
            AssertClose(ta.Output.ClassMaps, tb.Output.ClassMaps, $"traced class maps, train {train}", tolerance);
            foreach (var (name, x, y) in TracedTensors(ta.Attention, tb.Attention))
            {
                AssertClose(x, y, $"{name}, train {train}", tolerance);
                Assert.IsTrue(y.is_contiguous(), $"{name} is NCHW-contiguous");
            }
        }
        AssertStatesEqual(nchw, nhwc, rtol: tolerance, "BatchNorm statistics after the training-mode forwards");
    }

    [TestMethod]
    [DataRow(BackboneKind.Tiny, AttentionKind.RfgaResidual, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet18, AttentionKind.RfgaResidual, ScalarType.Float32)]
    [DataRow(BackboneKind.ResNet18, AttentionKind.Cbam, ScalarType.Float64)]
    [DataRow(BackboneKind.ResNet50, AttentionKind.RfgaResidual, ScalarType.Float64)]
    public void TrainingStep_LayoutOnAndOff_GradientsAgreeAndParametersStayContiguous(BackboneKind backbone, AttentionKind attention, ScalarType dtype)
    {
        set_num_threads(2);
        var spec = new WsolNetworkSpec(K, backbone, attention);
        using var nchw = Build(spec, InputMemoryLayout.AsGiven, dtype);
        using var nhwc = Build(spec, InputMemoryLayout.Auto, dtype);
        double tolerance = Tolerance(dtype);
        random.manual_seed(6);
        using var images = randn(4, 3, 48, 48, dtype: dtype);
        using var labels = tensor(new long[] { 0, 1, 2, 3 });
        using var optA = new SgdOptimizer(nchw.parameters(), 0.01, 0.9, 1e-4);
        using var optB = new SgdOptimizer(nhwc.parameters(), 0.01, 0.9, 1e-4);
        for (int step = 0; step < 2; step++)
        {
            using var scope = NewDisposeScope();
            double lossA = Step(nchw, optA, images, labels, out var gradsA);
            double lossB = Step(nhwc, optB, images, labels, out var gradsB);
            Assert.AreEqual(lossA, lossB, tolerance * Math.Abs(lossA), $"loss of step {step}");
            foreach (var name in gradsA.Keys) AssertClose(gradsA[name], gradsB[name], $"gradient of {name}, step {step}", tolerance);
        }
        foreach (var (name, p) in nhwc.named_parameters())
        {
            Assert.IsTrue(p.is_contiguous(), $"{name} stays NCHW-contiguous");
            Assert.IsTrue(p.grad is null || p.grad.is_contiguous(), $"{name}.grad is NCHW-contiguous");
        }
        AssertStatesEqual(nchw, nhwc, rtol: 10 * tolerance, "weights and statistics after two SGD steps");
    }

    [TestMethod]
    public void SaveLoad_NetworkTrainedChannelsLast_RoundTripsExactly()
    {
        set_num_threads(2);
        var spec = new WsolNetworkSpec(K, BackboneKind.ResNet18, AttentionKind.RfgaResidual);
        using var trained = Build(spec, InputMemoryLayout.Auto);
        random.manual_seed(7);
        using var images = randn(4, 3, 48, 48);
        using var labels = tensor(new long[] { 3, 2, 1, 0 });
        using (var optimizer = new SgdOptimizer(trained.parameters(), 0.05, 0.9, 1e-4))
        using (var scope = NewDisposeScope())
            for (int step = 0; step < 2; step++) Step(trained, optimizer, images, labels, out _);

        using var stream = new MemoryStream();
        trained.save(new BinaryWriter(stream));
        stream.Position = 0;
        random.manual_seed(99);                                   // other initial weights, overwritten by load
        using var loaded = new WsolNetwork(spec);
        loaded.load(new BinaryReader(stream));
        AssertStatesEqual(trained, loaded, rtol: 0, "state dict after save → load");

        trained.eval();
        loaded.eval();
        using var a = trained.forward(images);
        using var b = loaded.forward(images);
        Assert.IsTrue(Equal(a.Logits, b.Logits) && Equal(a.ClassMaps, b.ClassMaps), "identical outputs");
    }

    private static WsolNetwork Build(WsolNetworkSpec spec, InputMemoryLayout layout, ScalarType dtype = ScalarType.Float32)
    {
        random.manual_seed(4);                                    // same initial weights for both layouts
        var network = new WsolNetwork(spec) { InputLayout = layout };
        if (dtype != ScalarType.Float32) network.to(dtype);
        return network;
    }

    private static double Step(WsolNetwork network, SgdOptimizer optimizer, Tensor images, Tensor labels, out Dictionary<string, Tensor> grads)
    {
        network.train();
        optimizer.ZeroGrad();
        var output = network.ForwardWithLabels(images, labels);
        var loss = network.Method.Loss(output, new MethodBatch(images, labels));
        loss.backward();
        grads = network.named_parameters().Where(p => p.parameter.grad is not null)
            .ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        optimizer.Step();
        return loss.to_type(ScalarType.Float64).item<double>();
    }

    /// <summary>Same shape and bit-identical values.</summary>
    private static bool Equal(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    private static IEnumerable<(string, Tensor, Tensor)> TracedTensors(AttentionTrace a, AttentionTrace b)
    {
        yield return ("X", a.X, b.X);
        yield return ("X̂", a.XHat, b.XHat);
        if (a.M is not null) yield return ("M", a.M, b.M!);
        if (a.Zc is not null) yield return ("z_c", a.Zc, b.Zc!);
        if (a.Zh is not null) yield return ("z_h", a.Zh, b.Zh!);
        if (a.Zw is not null) yield return ("z_w", a.Zw, b.Zw!);
    }

    /// <summary>max |expected − actual| ≤ <paramref name="rtol"/> · max |expected| (and equal shapes).</summary>
    private static void AssertClose(Tensor expected, Tensor actual, string what, double rtol)
    {
        CollectionAssert.AreEqual(expected.shape, actual.shape, what);
        using var scope = NewDisposeScope();
        var e = expected.detach().to_type(ScalarType.Float64);
        var a = actual.detach().to_type(ScalarType.Float64);
        double scale = e.abs().max().item<double>(), difference = (e - a).abs().max().item<double>();
        Assert.IsTrue(difference <= rtol * scale, $"{what}: max difference {difference:E2} against max {scale:E2}");
    }

    private static void AssertStatesEqual(WsolNetwork expected, WsolNetwork actual, double rtol, string what)
    {
        var theirs = actual.state_dict();
        foreach (var (name, value) in expected.state_dict())
        {
            if (rtol > 0 && value.is_floating_point()) AssertClose(value, theirs[name], $"{what}: {name}", rtol);
            else Assert.IsTrue(Equal(value, theirs[name]), $"{what}: {name}");
        }
    }
}
