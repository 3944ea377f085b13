using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;
using Rfga.MLNet.Localization;
using Rfga.MLNet.MLNet;

namespace Rfga.MLNet.Tests.MLNet;

[TestClass]
public sealed class WsolDataViewsTests
{
    private static readonly WsolRecord[] Records =
    [
        new("/data/b.jpg", 2, "cherry", [new PixelBox(1, 2, 3, 4), new PixelBox(5, 6, 7, 8)], 40, 30),
        new("/data/a.jpg", 0, "apple", [new PixelBox(0, 0, 9, 9)], 10, 10),
        new("/data/c.jpg", 1, "banana", [], 0, 0),
    ];

    private static WsolSplits Splits() =>
        new("test", ["apple", "banana", "cherry"], Records, [], Records, []);

    [TestMethod]
    public void ToDataView_Records_HasDocumentedColumnsAndTypes()
    {
        var view = Records.ToDataView(new MLContext(seed: 1));
        var schema = view.Schema;
        Assert.AreEqual(TextDataViewType.Instance, schema[WsolDataViews.ImagePathColumnName].Type);
        Assert.AreEqual(TextDataViewType.Instance, schema[WsolDataViews.LabelColumnName].Type);
        Assert.AreEqual(NumberDataViewType.Int32, schema[WsolDataViews.ClassIndexColumnName].Type);
        var boxes = (VectorDataViewType)schema[WsolDataViews.BoxesColumnName].Type;
        Assert.AreEqual(NumberDataViewType.Single, boxes.ItemType);
        Assert.IsFalse(boxes.IsKnownSize);
        Assert.AreEqual(NumberDataViewType.Int32, schema[WsolDataViews.ImageWidthColumnName].Type);
        Assert.AreEqual(NumberDataViewType.Int32, schema[WsolDataViews.ImageHeightColumnName].Type);
    }

    [TestMethod]
    public void ToDataView_Records_RowsCarryPathsLabelsBoxesAndSizes()
    {
        var view = Records.ToDataView(new MLContext(seed: 1));
        var paths = view.GetColumn<string>(WsolDataViews.ImagePathColumnName).ToArray();
        var labels = view.GetColumn<string>(WsolDataViews.LabelColumnName).ToArray();
        var indices = view.GetColumn<int>(WsolDataViews.ClassIndexColumnName).ToArray();
        var boxes = view.GetColumn<VBuffer<float>>(WsolDataViews.BoxesColumnName).Select(b => b.DenseValues().ToArray()).ToArray();
        var widths = view.GetColumn<int>(WsolDataViews.ImageWidthColumnName).ToArray();
        var heights = view.GetColumn<int>(WsolDataViews.ImageHeightColumnName).ToArray();
        CollectionAssert.AreEqual(new[] { "/data/b.jpg", "/data/a.jpg", "/data/c.jpg" }, paths);
        CollectionAssert.AreEqual(new[] { "cherry", "apple", "banana" }, labels);
        CollectionAssert.AreEqual(new[] { 2, 0, 1 }, indices);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, boxes[0]);
        CollectionAssert.AreEqual(new float[] { 0, 0, 9, 9 }, boxes[1]);
        Assert.IsEmpty(boxes[2]);
        CollectionAssert.AreEqual(new[] { 40, 10, 0 }, widths);
        CollectionAssert.AreEqual(new[] { 30, 10, 0 }, heights);
    }

    [TestMethod]
    public void ClassNamesDataView_AsKeyData_KeysFollowClassIndexNotRowOrder()
    {
        var ml = new MLContext(seed: 1);
        var splits = Splits();
        var view = splits.Train.ToDataView(ml);
        var keyed = ml.Transforms.Conversion.MapValueToKey("Key", WsolDataViews.LabelColumnName, keyData: splits.ClassNamesDataView(ml))
            .Fit(view).Transform(view);
        var keys = keyed.GetColumn<uint>("Key").ToArray();
        CollectionAssert.AreEqual(new uint[] { 3, 1, 2 }, keys);   // key = ClassIndex + 1
        VBuffer<ReadOnlyMemory<char>> names = default;
        keyed.Schema["Key"].GetKeyValues(ref names);
        CollectionAssert.AreEqual(new[] { "apple", "banana", "cherry" }, names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    [TestMethod]
    public void ToDataView_DefaultMapValueToKey_OrdersKeysByFirstAppearance()
    {
        // Why ClassNamesDataView exists: without key data the keys follow the rows, not the class indices.
        var ml = new MLContext(seed: 1);
        var view = Records.ToDataView(ml);
        var keys = ml.Transforms.Conversion.MapValueToKey("Key", WsolDataViews.LabelColumnName).Fit(view).Transform(view)
            .GetColumn<uint>("Key").ToArray();
        CollectionAssert.AreEqual(new uint[] { 1, 2, 3 }, keys);
    }
}
