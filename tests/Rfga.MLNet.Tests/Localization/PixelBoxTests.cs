using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

[TestClass]
public sealed class PixelBoxTests
{
    [TestMethod]
    public void Size_InclusiveCorners_CountsBothEdges()
    {
        var box = new PixelBox(2, 3, 6, 5);

        Assert.AreEqual(5L, box.Width);
        Assert.AreEqual(3L, box.Height);
        Assert.AreEqual(15L, box.Area);
        Assert.AreEqual(1L, new PixelBox(0, 0, 0, 0).Area);
    }

    [TestMethod]
    public void Iou_ZeroBoxesMatrix_AllOne()
    {
        // Reference test: a 3×4 and a 5×4 array of zero boxes give a 3×5 matrix of 1.0 (a zero box is one pixel).
        var a = new PixelBox[3];
        var b = new PixelBox[5];
        foreach (PixelBox boxA in a)
        {
            foreach (PixelBox boxB in b)
            {
                Assert.AreEqual(1.0, PixelBox.Iou(boxA, boxB));
            }
        }
    }

    [TestMethod]
    public void Iou_EyeBoxes_IdentityMatrix()
    {
        PixelBox[] boxes = [new(1, 1, 3, 3), new(4, 4, 5, 5)];
        for (int i = 0; i < boxes.Length; i++)
        {
            for (int j = 0; j < boxes.Length; j++)
            {
                Assert.AreEqual(i == j ? 1.0 : 0.0, PixelBox.Iou(boxes[i], boxes[j]), $"({i}, {j})");
            }
        }
    }

    [TestMethod]
    public void Iou_RealisticValues_ExactlyEightOverTwentySeven()
    {
        double iou = PixelBox.Iou(new PixelBox(1, 2, 5, 6), new PixelBox(3, 1, 4, 5));

        Assert.AreEqual(8.0 / 27.0, iou); // the reference allows 1e-6; float64 gives 8/27 exactly
    }

    [TestMethod]
    public void Iou_SevenTenths_EqualsPointSevenExactly()
    {
        double iou = PixelBox.Iou(new PixelBox(0, 0, 9, 0), new PixelBox(0, 0, 6, 0));

        Assert.AreEqual(0.7, iou);
        Assert.IsTrue(iou >= 70 / 100.0, "correct at δ = 70");
        Assert.IsFalse(iou >= 71 / 100.0, "not correct at δ = 71");
        float inter = 7, union = 10;
        Assert.IsFalse(inter / union >= 70 / 100.0, "a float32 IoU would miss δ = 70");
    }

    [TestMethod]
    public void Iou_PlusOneConvention_OnePixelVersusTwoByTwo()
    {
        // Without the +1 the one-pixel box would have area 0 and the IoU would be 0/4.
        Assert.AreEqual(0.25, PixelBox.Iou(new PixelBox(0, 0, 0, 0), new PixelBox(0, 0, 1, 1)));
    }

    [TestMethod]
    public void Iou_Disjoint_Zero()
    {
        Assert.AreEqual(0.0, PixelBox.Iou(new PixelBox(0, 0, 2, 2), new PixelBox(3, 0, 5, 2)));
        Assert.AreEqual(0.0, PixelBox.Iou(new PixelBox(0, 0, 2, 2), new PixelBox(0, 4, 2, 5)));
    }

    [TestMethod]
    public void Iou_DegenerateDenominator_Zero()
    {
        // Invalid boxes (not reachable through validated input) whose union is not positive give 0, as the reference.
        Assert.AreEqual(0.0, PixelBox.Iou(new PixelBox(1, 1, 0, 0), new PixelBox(1, 1, 0, 0)));
    }

    [TestMethod]
    public void Validate_ReversedCorners_ThrowsNamingBox()
    {
        // Reference test: box (1, 1, 0, 0) is rejected.
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new PixelBox(1, 1, 0, 0).Validate("gt"));

        Assert.AreEqual("gt", ex.ParamName);
        StringAssert.Contains(ex.Message, "(1, 1, 0, 0)");
    }

    [TestMethod]
    public void Validate_NegativeCoordinate_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new PixelBox(-1, 0, 3, 3).Validate("box"));
        Assert.ThrowsExactly<ArgumentException>(() => new PixelBox(0, -2, 3, 3).Validate("box"));
        Assert.ThrowsExactly<ArgumentException>(() => new PixelBox(0, 4, 3, 3).Validate("box"));
    }

    [TestMethod]
    public void Validate_OnePixelAndOversizedBoxes_Accepted()
    {
        new PixelBox(0, 0, 0, 0).Validate("box");
        new PixelBox(3, 3, 5000, 5000).Validate("box"); // a box may extend past the image

        Assert.IsTrue(new PixelBox(5, 5, 5, 5).IsValid);
    }
}
