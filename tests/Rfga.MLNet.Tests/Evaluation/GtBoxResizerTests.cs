using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Evaluation;

[TestClass]
public sealed class GtBoxResizerTests
{
    [TestMethod]
    public void Resize_ReferenceCase_TruncatesEachCoordinate()
    {
        // Reference test: (1, 2, 4, 3) from (w, h) = (10, 20) to (35, 10).
        Assert.AreEqual(new PixelBox(3, 1, 14, 1), GtBoxResizer.Resize(new PixelBox(1, 2, 4, 3), 10, 20, 35, 10));
    }

    [TestMethod]
    public void Resize_ReferenceDegenerateSameSize_Unchanged()
    {
        Assert.AreEqual(new PixelBox(1, 2, 1, 2), GtBoxResizer.Resize(new PixelBox(1, 2, 1, 2), 3, 3, 3, 3));
    }

    [TestMethod]
    public void Resize_ProductBeforeDivision_Gives126Not125()
    {
        PixelBox resized = GtBoxResizer.Resize(new PixelBox(45, 45, 45, 45), 80, 80, 224, 224);

        Assert.AreEqual(new PixelBox(126, 126, 126, 126), resized);
        Assert.AreEqual(125, (int)Math.Truncate(45 * (224.0 / 80)), "the c·(T/O) variant");
    }

    [TestMethod]
    public void Resize_InvalidBox_ThrowsBeforeResizing()
    {
        // (5, 0, 4, 0) would become the valid (0, 0, 0, 0) at size 10 → 1; the reference checks first.
        Assert.ThrowsExactly<ArgumentException>(() => GtBoxResizer.Resize(new PixelBox(5, 0, 4, 0), 10, 10, 1, 1));
        Assert.ThrowsExactly<ArgumentException>(() => GtBoxResizer.Resize(new PixelBox(-1, 0, 4, 0), 10, 10, 5, 5));
    }

    [TestMethod]
    public void Resize_NonPositiveSize_ThrowsNamingSize()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GtBoxResizer.Resize(new PixelBox(0, 0, 1, 1), 0, 10, 5, 5));

        Assert.AreEqual("originalWidth", ex.ParamName);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => GtBoxResizer.Resize(new PixelBox(0, 0, 1, 1), 10, 10, 5, -5));
    }
}
