using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Cli;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Methods;

[TestClass]
public sealed class ExperimentCommandTests
{
    private const string ThreeRows = """
        { "name": "mini", "title": "Mini table", "rows": [
          { "name": "CAM", "attention": "None",
            "paper": { "cub": { "maxBoxAcc": [68.54, 39.59, 16.00, 3.92, 0.54], "avg": 25.71, "mIoU": 0.6565, "top1": 81.41 } } },
          { "name": "HaS S=4", "attention": "None", "method": "HaS", "has": { "gridSize": 4, "hideProbability": 0.5 } },
          { "name": "ACoL", "attention": "None", "method": "acol", "acol": { "erasingThreshold": 0.6 } } ] }
        """;

    [TestMethod]
    public void Experiment_ThreeRowCustomDefinition_WritesLabelledTablesAndFiguresThenSkipsFinishedRows()
    {
        using var workspace = new CliWorkspace(trainCount: 40, testCount: 10);
        string definition = workspace.PathOf("mini.json"), output = workspace.PathOf("out");
        File.WriteAllText(definition, ThreeRows);
        string[] args = ["experiment", definition, "--dataset", "synthetic", "--data", workspace.Root, "--out", output, "--epochs", "1", "--overlays", "2"];

        string first = CliWorkspace.Succeed(args);
        StringAssert.Contains(first, "REDUCED SCALE");
        string markdown = File.ReadAllText(Path.Combine(output, "table.md"));
        StringAssert.Contains(markdown, "**REDUCED SCALE — not the paper's setting**");
        StringAssert.Contains(markdown, "rfga experiment " + definition);
        StringAssert.Contains(markdown, "| Method | δ=0.5 | δ=0.6 | δ=0.7 | δ=0.8 | δ=0.9 | Avg. | mIoU |");
        var camLine = markdown.Split('\n').First(l => l.StartsWith("| CAM |"));   // the table; the details table follows
        StringAssert.Contains(camLine, " / 68.54 |");                       // measured / paper for every cell
        StringAssert.Contains(camLine, " / 0.6565 |");
        StringAssert.Contains(markdown.Split('\n').First(l => l.StartsWith("| HaS S=4 |")), " / – |");
        var csv = File.ReadAllLines(Path.Combine(output, "table.csv"));
        Assert.AreEqual(4, csv.Length, "header + 3 rows");
        Assert.IsTrue(csv.Skip(1).All(l => l.EndsWith("REDUCED SCALE — not the paper's setting")), "every CSV row carries the scale label");
        foreach (string file in new[] { "tau-curves.png", "overlays.png", "rows/cam/result.json", "rows/has-s-4/model.zip", "rows/acol/result.json" })
            Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
        Assert.IsFalse(Directory.Exists(Path.Combine(output, "rows", "cam", "checkpoint")), "the checkpoint of a finished row is removed");

        // The same command again reads the finished rows instead of training them.
        string second = CliWorkspace.Succeed(args);
        Assert.AreEqual(3, second.Split('\n').Count(l => l.Contains("finished earlier")), second);
        Assert.IsFalse(second.Contains("training ("), second);
        // A row whose result is gone but whose model exists is evaluated, not retrained.
        File.Delete(Path.Combine(output, "rows", "acol", "result.json"));
        string third = CliWorkspace.Succeed(args);
        Assert.IsFalse(third.Contains("training ("), third);
        StringAssert.Contains(third, "[3/3] ACoL: evaluating");
    }

    [TestMethod]
    [DataRow("""{ "rows": [ { "name": "A", "attention": "None" }, { "name": "B", "attention": "None", "method": "Foo" } ] }""", "rows[1].method: 'Foo' is not one of Cam, HaS, Acol, Adl, CutMix")]
    [DataRow("""{ "rows": [ { "name": "A", "atention": "None" } ] }""", "rows[0].atention: is not a known field")]
    [DataRow("""{ "rows": [ { "name": "A" } ] }""", "rows[0].attention: is missing")]
    [DataRow("""{ "rows": [ { "name": "A", "attention": "None", "has": { "hideProbability": 1.5 } } ] }""", "rows[0].has.hideProbability: 1.5")]
    [DataRow("""{ "rows": [ { "name": "A", "attention": "None", "paper": { "cub": { "maxBoxAcc": [1, 2] } } } ] }""", "rows[0].paper.cub.maxBoxAcc: must be 5 numbers")]
    [DataRow("""{ "rows": [ { "name": "A b", "attention": "None" }, { "name": "a-B", "attention": "Se" } ] }""", "rows: the names 'A b' and 'a-B' give the same output folder")]
    public void Experiment_BadDefinition_FailsNamingFileAndField(string json, string expected)
    {
        using var workspace = new CliWorkspace(trainCount: 2, testCount: 2);
        string definition = workspace.PathOf("bad.json");
        File.WriteAllText(definition, json);
        var (code, stdout, stderr) = RfgaCli.Run("experiment", definition, "--dataset", "synthetic", "--data", workspace.Root, "--out", workspace.PathOf("out"));
        Assert.AreEqual(2, code, stdout + stderr);
        StringAssert.Contains(stderr, definition + ": " + expected);
        Assert.IsFalse(Directory.Exists(workspace.PathOf("out")), "nothing is written for a bad definition");
    }

    [TestMethod]
    public void Train_MethodOptionOutOfRange_FailsNamingTheFlag()
    {
        using var workspace = new CliWorkspace(trainCount: 4, testCount: 2);
        var (code, _, stderr) = RfgaCli.Run(["train", "--data", workspace.TrainCsv, "--out", workspace.PathOf("m.zip"), "--method", "HaS", "--has-hide-probability", "1.5"]);
        Assert.AreEqual(2, code, stderr);
        StringAssert.Contains(stderr, "--has-hide-probability = 1.5");
    }

    [TestMethod]
    public void Train_CutMixMethod_WritesModelThatLocalizes()
    {
        using var workspace = new CliWorkspace();
        string model = workspace.PathOf("cutmix.zip");
        string stdout = workspace.Train(model, "--attention", "None", "--method", "CutMix", "--cutmix-beta", "2");
        StringAssert.Contains(stdout, "with CutMix");
        CliWorkspace.Succeed("localize", "--model", model, "--data", workspace.TestCsv, "--out", workspace.PathOf("boxes.csv"));
        Assert.AreEqual(workspace.Dataset.Test.Count + 1, File.ReadAllLines(workspace.PathOf("boxes.csv")).Length);
    }
}
