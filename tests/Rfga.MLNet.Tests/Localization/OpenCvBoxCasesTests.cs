using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;

namespace Rfga.MLNet.Tests.Localization;

/// <summary>
/// The sweeps against boxes computed by OpenCV 4.6.0 itself (the reference's cv2.threshold + cv2.findContours(RETR_TREE)
/// + contourArea + boundingRect, numpy 1.24.2), stored in opencv_box_cases.json.gz: 364 float32 maps, 100 or 20 τ each.
/// </summary>
[TestClass]
public sealed class OpenCvBoxCasesTests
{
    [TestMethod]
    public void Compute_OpenCv46Boxes_IdenticalInBothModes()
    {
        int pairs = 0;
        var sweeps = new Dictionary<double, BoxSweep>();
        foreach (Case c in Load())
        {
            if (!sweeps.TryGetValue(c.Step, out BoxSweep? sweep))
            {
                sweeps[c.Step] = sweep = new BoxSweep(new ThresholdGrid(c.Step));
            }

            PixelBox[] single = sweep.ComputeSingle(c.Map, c.Width, c.Height);
            sweep.ComputeMulti(c.Map, c.Width, c.Height);

            for (int t = 0; t < single.Length; t++, pairs++)
            {
                Assert.AreEqual(c.Single[t], single[t], $"map {c.Index} ({c.Width}×{c.Height}), τ index {t}");
                CollectionAssert.AreEquivalent(c.Multi[t], sweep.MultiBoxesAt(t).ToArray(), $"map {c.Index}, τ index {t}");
            }
        }

        Assert.IsTrue(pairs > 10_000, $"{pairs} (map, τ) pairs");
    }

    private sealed record Case(int Index, int Width, int Height, double Step, float[] Map, PixelBox[] Single, PixelBox[][] Multi);

    private static IEnumerable<Case> Load([CallerFilePath] string source = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(source)!, "opencv_box_cases.json.gz");
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using JsonDocument doc = JsonDocument.Parse(gzip);
        int index = 0;
        foreach (JsonElement m in doc.RootElement.GetProperty("maps").EnumerateArray())
        {
            float[] map = MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(m.GetProperty("map").GetString()!)).ToArray();
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The fixture stores little-endian float32.");
            var single = new List<PixelBox>();
            foreach (JsonElement run in m.GetProperty("single").EnumerateArray())
            {
                single.AddRange(Enumerable.Repeat(Box(run, 1), run[0].GetInt32()));
            }

            var multi = new List<PixelBox[]>();
            foreach (JsonElement run in m.GetProperty("multi").EnumerateArray())
            {
                PixelBox[] boxes = run[1].EnumerateArray().Select(b => Box(b, 0)).ToArray();
                multi.AddRange(Enumerable.Repeat(boxes, run[0].GetInt32()));
            }

            yield return new Case(index++, m.GetProperty("w").GetInt32(), m.GetProperty("h").GetInt32(), m.GetProperty("step").GetDouble(),
                map, single.ToArray(), multi.ToArray());
        }
    }

    private static PixelBox Box(JsonElement e, int offset) =>
        new(e[offset].GetInt32(), e[offset + 1].GetInt32(), e[offset + 2].GetInt32(), e[offset + 3].GetInt32());
}
