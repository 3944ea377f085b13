using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.MLNet;

[TestClass]
public sealed class ChildProcessLoadTests
{
    [TestMethod]
    public void ModelZip_LoadedByRfgaCliInChildProcess_GivesIdenticalColumns()
    {
        using var data = new SquaresFolder(16, seed: 21);
        var ml = new MLContext(seed: 3);
        var input = ml.Data.LoadFromEnumerable(data.Rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(SquaresFolder.Row.ClassName))
            .Append(ml.Transforms.RfgaLocalize(RfgaLocalizeTests.Options(data.Folder, tau: 0.4))).Fit(input);
        string zip = Path.Combine(data.Folder, "model.zip"), csv = Path.Combine(data.Folder, "list.csv"), output = Path.Combine(data.Folder, "out.jsonl");
        try
        {
            ml.Model.Save(model, input.Schema, zip);
            File.WriteAllLines(csv, new[] { "ImagePath,ClassName" }.Concat(data.Rows.Select(r => $"{r.ImagePath},{r.ClassName}")));
            var (code, stdout, stderr) = RfgaCli.Run("localize", "--model", zip, "--data", csv, "--out", output, "--all-columns");
            Assert.AreEqual(0, code, stdout + stderr);

            var expected = ml.Data.CreateEnumerable<RfgaLocalizeTests.OutputRow>(model.Transform(input), false).ToList();
            var lines = File.ReadAllLines(output);
            Assert.AreEqual(expected.Count, lines.Length);
            for (int i = 0; i < lines.Length; i++)
            {
                using var doc = JsonDocument.Parse(lines[i]);
                var row = doc.RootElement;
                var e = expected[i];
                CollectionAssert.AreEqual(e.Score, Floats(row, "Score"), "Score");
                CollectionAssert.AreEqual(e.ClassMaps, Floats(row, "ClassMaps"), "ClassMaps");
                CollectionAssert.AreEqual(e.Cam, row.GetProperty("Cam").EnumerateArray().Select(v => v.GetDouble()).ToArray(), "Cam");
                CollectionAssert.AreEqual(e.BoundingBox, Floats(row, "BoundingBox"), "BoundingBox");
                CollectionAssert.AreEqual(e.ImageSize, row.GetProperty("ImageSize").EnumerateArray().Select(v => v.GetInt32()).ToArray());
                CollectionAssert.AreEqual(e.CamSize, row.GetProperty("CamSize").EnumerateArray().Select(v => v.GetInt32()).ToArray());
                Assert.AreEqual(e.BoundingBoxTau, float.Parse(row.GetProperty("BoundingBoxTau").GetRawText(), CultureInfo.InvariantCulture));
                Assert.AreEqual(e.PredictedLabel == 1 ? "red" : "blue", row.GetProperty("PredictedLabel").GetString());
            }
        }
        finally
        {
            RfgaLocalizeTests.DisposeAll(model);
        }
    }

    [TestMethod]
    public void Cli_CorruptModelZip_FailsWithMessageNotStackTrace()
    {
        using var data = new SquaresFolder(2);
        string zip = Path.Combine(data.Folder, "bad.zip"), csv = Path.Combine(data.Folder, "list.csv");
        File.WriteAllBytes(zip, [0x50, 0x4B, 3, 4, 1, 2, 3]);
        File.WriteAllLines(csv, ["ImagePath,ClassName", $"{data.Rows[0].ImagePath},red"]);
        var (code, stdout, stderr) = RfgaCli.Run("localize", "--model", zip, "--data", csv, "--out", Path.Combine(data.Folder, "o.jsonl"));
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(stderr, "bad.zip");
        Assert.IsFalse(stderr.Contains("   at "), "no stack trace: " + stderr);
    }

    private static float[] Floats(JsonElement row, string name) =>
        row.GetProperty(name).EnumerateArray().Select(v => float.Parse(v.GetRawText(), CultureInfo.InvariantCulture)).ToArray();
}
