using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.Cli;

[TestClass]
public sealed class DemoCommandTests
{
    [TestMethod]
    public void Demo_ReducedRun_PrintsTableWritesOverlaysAndBeatsCentreBaseline()
    {
        string output = Path.Combine(Path.GetTempPath(), "rfga-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, stderr) = RfgaCli.Run("demo", "--out", output, "--train", "400", "--test", "200", "--epochs", "4", "--overlays", "3");
            Assert.AreEqual(0, code, stdout + stderr);
            foreach (var row in new[] { "RFGA w/ R", "CAM", "Centre Gaussian" }) StringAssert.Contains(stdout, row);
            StringAssert.Contains(stdout, "epoch   4/4");
            Assert.AreEqual(3, Directory.GetFiles(Path.Combine(output, "overlays"), "*.png").Length);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
            var methods = json.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("method").GetString()!, m => m.GetProperty("meanMaxBoxAcc").GetDouble());
            Assert.AreEqual(3, methods.Count);
            // Even this 4-epoch run localizes better than any centred box; the full demo's margin is printed by the demo itself.
            Assert.IsTrue(methods["RFGA w/ R"] > methods["Centre Gaussian"] + 5, string.Join(", ", methods));
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("--classes", "99", "--classes must be in [2, 8]")]
    [DataRow("--epochs", "0", "--epochs must be in [1, 500]")]
    [DataRow("--lr", "-1", "--lr must be in (0, 10]")]
    public void Demo_OptionOutOfRange_FailsWithOneLineNamingTheOption(string option, string value, string message)
    {
        var (code, stdout, stderr) = RfgaCli.Run("demo", option, value, "--out", Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid().ToString("N")));
        Assert.AreEqual(2, code, stdout + stderr);
        StringAssert.Contains(stderr, message);
        Assert.AreEqual(1, stderr.Trim().Split('\n').Length, stderr);
    }
}
