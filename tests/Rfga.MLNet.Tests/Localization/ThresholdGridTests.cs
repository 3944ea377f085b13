using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

[TestClass]
public sealed class ThresholdGridTests
{
    [TestMethod]
    public void Count_StepHundredth_HundredValues()
    {
        var grid = new ThresholdGrid(0.01);

        Assert.AreEqual(100, grid.Count);
        Assert.AreEqual(0.0, grid[0]);
        Assert.AreEqual(99 * 0.01, grid[99]);
        Assert.AreEqual(100, ThresholdGrid.Default.Count);
    }

    [TestMethod]
    public void Count_StepThousandth_ThousandValues()
    {
        var grid = new ThresholdGrid(0.001);

        Assert.AreEqual(1000, grid.Count);
        Assert.IsTrue(grid[999] < 1.0);
    }

    [TestMethod]
    public void Values_StepFifth_MatchNumpyArange()
    {
        // np.arange(0, 1, 0.2), the τ list of the reference's box tests.
        double[] expected = [0.0, 0.2, 0.4, 0.6000000000000001, 0.8];

        CollectionAssert.AreEqual(expected, new ThresholdGrid(0.2).ToArray());
    }

    [TestMethod]
    public void Values_StepHundredth_AreProductsNotQuotients()
    {
        var grid = new ThresholdGrid(0.01);
        var differing = new List<int>();
        for (int i = 0; i < grid.Count; i++)
        {
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(i * 0.01), BitConverter.DoubleToInt64Bits(grid[i]), $"τ_{i}");
            if (grid[i] != i / 100.0)
            {
                differing.Add(i);
                Assert.IsTrue(grid[i] > i / 100.0, $"τ_{i} lies above i/100");
            }
        }

        CollectionAssert.AreEqual(new[] { 35, 41, 47, 57, 69, 70, 82, 83, 94, 95 }, differing);
    }

    [TestMethod]
    public void Values_ExactReciprocalSteps_CountIsCeiling()
    {
        Assert.AreEqual(1, new ThresholdGrid(1.0).Count);
        Assert.AreEqual(10, new ThresholdGrid(0.1).Count);
        Assert.AreEqual(4, new ThresholdGrid(0.3).Count); // ceil(3.33…): 0, 0.3, 0.6, 0.9
        Assert.AreEqual(0.8999999999999999, new ThresholdGrid(0.3)[3]);
        Assert.AreEqual(20, new ThresholdGrid(0.05).Count);
    }

    [TestMethod]
    public void Constructor_StepOutsideUnitInterval_Throws()
    {
        foreach (double step in new[] { 0.0, -0.01, 1.5, double.NaN, double.PositiveInfinity })
        {
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ThresholdGrid(step), $"step {step}");
            Assert.AreEqual("step", ex.ParamName);
        }
    }
}
