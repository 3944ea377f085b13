using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Data;

namespace Rfga.MLNet.Tests.Data;

[TestClass]
public sealed class SyntheticWsolWriterTests
{
    private string directory = "";

    [TestInitialize]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("rfga-writer-").FullName;

    [TestCleanup]
    public void DeleteDirectory()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static SyntheticWsolDataset Small() =>
        SyntheticWsolGenerator.Generate(new SyntheticWsolOptions { Seed = 5, TrainCount = 9, TestCount = 4, ClassCount = 3 });

    [TestMethod]
    public void Write_SmallDataset_PngsDecodeToSamplePixels()
    {
        var data = Small();
        SyntheticWsolWriter.Write(data, directory);
        foreach (var (split, samples) in new[] { ("train", data.Train), ("test", data.Test) })
            for (int i = 0; i < samples.Count; i++)
            {
                var (rgb, w, h) = PngTestReader.Read(Path.Combine(directory, split, $"{i:D6}.png"));
                Assert.AreEqual(samples[i].Width, w);
                Assert.AreEqual(samples[i].Height, h);
                CollectionAssert.AreEqual(samples[i].Rgb, rgb, $"{split}[{i}] pixels differ after PNG round trip");
            }
    }

    [TestMethod]
    public void Write_UnderCommaDecimalCulture_CsvRowsAreInvariantAndMatchSamples()
    {
        var data = Small();
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            SyntheticWsolWriter.Write(data, directory);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
        var lines = File.ReadAllLines(Path.Combine(directory, "train.csv"));
        Assert.AreEqual("ImagePath,Label,ClassName,X0,Y0,X1,Y1", lines[0]);
        Assert.HasCount(data.Train.Count + 1, lines);
        for (int i = 0; i < data.Train.Count; i++)
        {
            var s = data.Train[i];
            var b = s.Boxes[0];
            Assert.AreEqual($"train/{i:D6}.png,{s.Label},{s.ClassName},{b.X0},{b.Y0},{b.X1},{b.Y1}", lines[i + 1]);
            Assert.IsTrue(File.Exists(Path.Combine(directory, lines[i + 1].Split(',')[0])), "ImagePath must resolve against the folder");
        }
        var classes = File.ReadAllLines(Path.Combine(directory, "classes.csv"));
        CollectionAssert.AreEqual(new[] { "Label,ClassName" }.Concat(data.ClassNames.Select((n, k) => $"{k},{n}")).ToArray(), classes);
        Assert.HasCount(data.Test.Count + 1, File.ReadAllLines(Path.Combine(directory, "test.csv")));
    }

    [TestMethod]
    public void Write_Twice_OverwritesAndLeavesNoTemporaryFiles()
    {
        SyntheticWsolWriter.Write(Small(), directory);
        var other = SyntheticWsolGenerator.Generate(new SyntheticWsolOptions { Seed = 6, TrainCount = 9, TestCount = 4, ClassCount = 3 });
        SyntheticWsolWriter.Write(other, directory);
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
        Assert.IsFalse(files.Any(f => f.EndsWith(".tmp", StringComparison.Ordinal)), string.Join("\n", files));
        Assert.HasCount(9 + 4 + 3, files);
        CollectionAssert.AreEqual(other.Train[0].Rgb, PngTestReader.Read(Path.Combine(directory, "train", "000000.png")).Rgb);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("a/b")]
    [DataRow("..")]
    public void WriteSplit_NotAPlainName_ThrowsNamingSplit(string splitName)
    {
        var e = Assert.Throws<ArgumentException>(() => SyntheticWsolWriter.WriteSplit(Small().Train, directory, splitName));
        Assert.AreEqual("splitName", e.ParamName);
    }
}
