using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;

namespace Rfga.MLNet.Tests.Evaluation;

[TestClass]
public sealed class BoxAccuracyOptionsTests
{
    [TestMethod]
    public void Defaults_PaperRecipe()
    {
        var options = new BoxAccuracyOptions();

        Assert.AreEqual(0.01, options.ThresholdStep);
        CollectionAssert.AreEqual(new[] { 0.5, 0.6, 0.7, 0.8, 0.9 }, new List<double>(options.IouThresholds));
        Assert.AreEqual(ContourMode.Single, options.ContourMode);
        Assert.AreEqual(GtResizeMode.ScoreMap, options.GtResizeMode);
        Assert.AreEqual(224, options.FixedResizeLength);
        Assert.AreEqual(MeanIouTauRule.Acc50, options.MeanIouTauRule);
        Assert.IsFalse(options.KeepPerImageDetail);
        options.Validate();
    }

    [TestMethod]
    public void Validate_NonWholePercent_ThrowsNamingOptionAndValue()
    {
        var options = new BoxAccuracyOptions { IouThresholds = [0.5, 0.555] };

        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate);

        Assert.AreEqual("IouThresholds[1]", ex.ParamName);
        Assert.AreEqual(0.555, ex.ActualValue);
    }

    [TestMethod]
    public void Validate_OutOfRangeDeltas_Throw()
    {
        foreach (double delta in new[] { 0.0, -0.5, 1.01, double.NaN, 50.0 })
        {
            var options = new BoxAccuracyOptions { IouThresholds = [delta] };
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(options.Validate, $"δ = {delta}");
        }
    }

    [TestMethod]
    public void Validate_EmptyOrDuplicateDeltas_Throw()
    {
        Assert.ThrowsExactly<ArgumentException>(new BoxAccuracyOptions { IouThresholds = [] }.Validate);
        var ex = Assert.ThrowsExactly<ArgumentException>(new BoxAccuracyOptions { IouThresholds = [0.5, 0.7, 0.70000000000001] }.Validate);
        StringAssert.Contains(ex.Message, "IouThresholds[2]");
    }

    [TestMethod]
    public void Validate_BadStepOrLength_ThrowsNamingOption()
    {
        foreach (double step in new[] { 0.0, -0.01, 1.5, double.NaN })
        {
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(new BoxAccuracyOptions { ThresholdStep = step }.Validate);
            Assert.AreEqual("ThresholdStep", ex.ParamName);
        }

        var length = Assert.ThrowsExactly<ArgumentOutOfRangeException>(new BoxAccuracyOptions { FixedResizeLength = 0 }.Validate);
        Assert.AreEqual("FixedResizeLength", length.ParamName);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(new BoxAccuracyOptions { ContourMode = (ContourMode)7 }.Validate);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(new BoxAccuracyOptions { GtResizeMode = (GtResizeMode)7 }.Validate);
    }

    [TestMethod]
    public void Validate_RuleDeltaNotEvaluated_Throws()
    {
        var options = new BoxAccuracyOptions { IouThresholds = [0.6, 0.7], MeanIouTauRule = MeanIouTauRule.Acc50 };

        var ex = Assert.ThrowsExactly<ArgumentException>(options.Validate);

        Assert.AreEqual("MeanIouTauRule", ex.ParamName);
        new BoxAccuracyOptions { IouThresholds = [0.6, 0.7], MeanIouTauRule = MeanIouTauRule.AccDelta(0.7) }.Validate();
        new BoxAccuracyOptions { IouThresholds = [0.6, 0.7], MeanIouTauRule = MeanIouTauRule.Max }.Validate();
    }

    [TestMethod]
    public void DeltaPercent_FloatingFractions_WholePercents()
    {
        var options = new BoxAccuracyOptions { IouThresholds = [0.7, 0.29, 0.57, 1.0], MeanIouTauRule = MeanIouTauRule.Max };
        var accumulator = new BoxAccuracyAccumulator(options);
        accumulator.Add(new float[4], 2, 2, [new(0, 0, 0, 0)], 2, 2);

        BoxAccuracyResult result = accumulator.Compute();

        CollectionAssert.AreEqual(new[] { 70, 29, 57, 100 }, result.PerDelta.Select(d => d.DeltaPercent).ToArray());
        Assert.AreEqual(0.29, result.PerDelta[1].Delta);
    }

    [TestMethod]
    public void MeanIouTauRule_Factories_EqualityAndNames()
    {
        Assert.AreEqual(MeanIouTauRule.Acc50, MeanIouTauRule.AccDelta(0.5));
        Assert.AreEqual("acc@50", MeanIouTauRule.Acc50.ToString());
        Assert.AreEqual("acc@70", MeanIouTauRule.AccDelta(0.7).ToString());
        Assert.AreEqual("max", MeanIouTauRule.Max.ToString());
        Assert.IsNull(MeanIouTauRule.Max.Delta);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MeanIouTauRule.AccDelta(0.0));
    }

    [TestMethod]
    public void Clone_LaterEdits_DoNotAffectCopy()
    {
        var options = new BoxAccuracyOptions { ThresholdStep = 0.1 };
        var accumulator = new BoxAccuracyAccumulator(options);

        options.ThresholdStep = 0.5;
        options.IouThresholds = [0.3];

        Assert.AreEqual(10, accumulator.Taus.Count);
        Assert.AreEqual(5, accumulator.Options.IouThresholds.Count);
    }
}
