using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace Rfga.MLNet.Tests.Network;

/// <summary><see cref="WsolBatchNorm"/> against TorchSharp's own BatchNorm2d: same outputs, statistics, counts and state-dict layout.</summary>
[TestClass]
public sealed class WsolBatchNormTests
{
    [TestMethod]
    public void TrainingThenEval_MatchesTorchSharpBatchNorm2d()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(5);
        using var ours = new WsolBatchNorm(3, eps: 1e-3, momentum: 0.2);
        using var theirs = nn.BatchNorm2d(3, eps: 1e-3, momentum: 0.2);
        using (no_grad())
        {
            ours.Weight.copy_(tensor(new float[] { 0.5f, 1.5f, -1f }));
            theirs.weight!.copy_(ours.Weight);
            ours.Bias.copy_(tensor(new float[] { 0.1f, 0f, -0.3f }));
            theirs.bias!.copy_(ours.Bias);
        }
        ours.train();
        theirs.train();
        for (int step = 0; step < 3; step++)
        {
            var x = randn(4, 3, 5, 2) * (step + 1) + step;
            Assert.IsTrue(ours.forward(x).allclose(theirs.forward(x), rtol: 0, atol: 1e-6), $"training output, step {step}");
        }
        Assert.IsTrue(ours.RunningMean.allclose(theirs.running_mean!, rtol: 0, atol: 1e-6), "running mean");
        Assert.IsTrue(ours.RunningVar.allclose(theirs.running_var!, rtol: 0, atol: 1e-6), "running variance (unbiased)");
        Assert.AreEqual(3L, ours.BatchesTracked.item<long>());
        Assert.AreEqual(theirs.num_batches_tracked!.item<long>(), ours.BatchesTracked.item<long>());

        ours.eval();
        theirs.eval();
        var y = randn(2, 3, 4, 4);
        Assert.IsTrue(ours.forward(y).allclose(theirs.forward(y), rtol: 0, atol: 1e-6), "eval output");
        Assert.IsTrue(ours.WithRunningStatistics(y).allclose(theirs.forward(y), rtol: 0, atol: 1e-6), "running-statistics path");
        Assert.AreEqual(3L, ours.BatchesTracked.item<long>(), "eval does not count");
    }

    [TestMethod]
    public void StateDict_HasTorchNamesShapesAndTypes()
    {
        using var ours = new WsolBatchNorm(7);
        using var theirs = nn.BatchNorm2d(7);
        var a = ours.state_dict();
        var b = theirs.state_dict();
        CollectionAssert.AreEquivalent(b.Keys.ToArray(), a.Keys.ToArray());
        foreach (var key in b.Keys)
        {
            CollectionAssert.AreEqual(b[key].shape, a[key].shape, key);
            Assert.AreEqual(b[key].dtype, a[key].dtype, key);
            Assert.IsTrue(a[key].eq(b[key]).all().item<bool>(), $"{key}: PyTorch's initial value");
        }
        CollectionAssert.AreEquivalent(new[] { "weight", "bias" }, ours.named_parameters().Select(p => p.name).ToArray(), "trainable: γ and β only");
    }
}
