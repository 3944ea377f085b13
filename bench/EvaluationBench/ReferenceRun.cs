using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Rfga.MLNet.Localization;

/// <summary>
/// The community reference's per-τ box computation (bench/reference_boxes.py: wsolevaluation's loop over
/// cv2.threshold + cv2.findContours) run on the same maps in a Python child process: its seconds per map, and the
/// number of (map, τ, contour mode) whose boxes differ from <see cref="BoxSweep"/>'s. <see cref="Error"/> says why it
/// did not run (no Python, no OpenCV, no script); the benchmark then goes on without it.
/// </summary>
internal sealed record ReferenceRun(double SingleSeconds, double MultiSeconds, string OpenCv, int Compared, int Mismatches, string? Error)
{
    public static ReferenceRun Measure(string python, IReadOnlyList<Sample> samples, int side, ThresholdGrid grid) =>
        Measure(python, samples.Select(s => new ReferenceMap(s.Map, side, side)).ToList(), grid);

    public static ReferenceRun Measure(string python, IReadOnlyList<ReferenceMap> samples, ThresholdGrid grid)
    {
        string? script = FindScript();
        if (script is null)
        {
            return Failed("bench/reference_boxes.py not found above the working folder");
        }

        string folder = Directory.CreateTempSubdirectory("rfga-reference-").FullName;
        try
        {
            string maps = Path.Combine(folder, "maps.f32"), sizes = Path.Combine(folder, "sizes.i32");
            using (var file = File.Create(maps))
            {
                foreach (ReferenceMap sample in samples)
                {
                    file.Write(MemoryMarshal.AsBytes(sample.Map.AsSpan()));
                }
            }

            File.WriteAllBytes(sizes, MemoryMarshal.AsBytes(samples.SelectMany(s => new[] { s.Height, s.Width }).ToArray().AsSpan()).ToArray());

            var start = new ProcessStartInfo(python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in new[] { script, "--maps", maps, "--count", samples.Count.ToString(), "--sizes", sizes, "--out", folder })
            {
                start.ArgumentList.Add(argument);
            }

            string output, error;
            int exitCode;
            try
            {
                using Process process = Process.Start(start)!;
                var errorTask = process.StandardError.ReadToEndAsync();
                output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                error = errorTask.Result;
                exitCode = process.ExitCode;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return Failed($"{python}: {e.Message} (apt-get install python3-opencv)");
            }

            if (exitCode != 0)
            {
                string last = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                return Failed($"{python} {Path.GetFileName(script)} exited with {exitCode}: {last} (apt-get install python3-opencv)");
            }

            using JsonDocument json = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
            JsonElement r = json.RootElement;
            int taus = r.GetProperty("thresholds").GetInt32();
            if (taus != grid.Count)
            {
                return Failed($"the reference used {taus} thresholds, the benchmark {grid.Count}");
            }

            int mismatches = Compare(samples, grid, folder);
            return new ReferenceRun(r.GetProperty("single_seconds_per_map").GetDouble(), r.GetProperty("multi_seconds_per_map").GetDouble(),
                r.GetProperty("opencv").GetString() ?? "?", samples.Count, mismatches, null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ReferenceRun Failed(string why) => new(0, 0, "", 0, 0, why);

    // Every single-contour box, and every τ's multi-contour boxes as a multiset, against the reference's files; the
    // first few differences are printed.
    private static int Compare(IReadOnlyList<ReferenceMap> samples, ThresholdGrid grid, string folder)
    {
        int[] single = ReadInts(Path.Combine(folder, "single.i32"));
        int[] counts = ReadInts(Path.Combine(folder, "multi_counts.i32"));
        int[] multi = ReadInts(Path.Combine(folder, "multi_boxes.i32"));
        var sweep = new BoxSweep(grid);
        var boxes = new PixelBox[grid.Count];
        int mismatches = 0, cursor = 0;
        for (int m = 0; m < samples.Count; m++)
        {
            ReferenceMap map = samples[m];
            sweep.ComputeSingle(map.Map, map.Width, map.Height, boxes);
            for (int t = 0; t < grid.Count; t++)
            {
                int at = (m * grid.Count + t) * 4;
                var expected = new PixelBox(single[at], single[at + 1], single[at + 2], single[at + 3]);
                if (boxes[t] != expected)
                {
                    Report(ref mismatches, $"map {m} ({map.Width}×{map.Height}, {map.Kind}), τ {grid[t]}: single-contour box {boxes[t]}, reference {expected}");
                }
            }

            sweep.ComputeMulti(map.Map, map.Width, map.Height);
            for (int t = 0; t < grid.Count; t++)
            {
                int count = counts[m * grid.Count + t];
                var expected = Enumerable.Range(cursor, count).Select(k => new PixelBox(multi[4 * k], multi[4 * k + 1], multi[4 * k + 2], multi[4 * k + 3])).Order(BoxOrder.Instance);
                cursor += count;
                PixelBox[] ours = sweep.MultiBoxesAt(t).ToArray();
                if (!ours.Order(BoxOrder.Instance).SequenceEqual(expected))
                {
                    Report(ref mismatches, $"map {m} ({map.Width}×{map.Height}, {map.Kind}), τ {grid[t]}: {ours.Length} multi-contour boxes, reference {count}");
                }
            }
        }

        return mismatches;
    }

    private static void Report(ref int mismatches, string what)
    {
        if (mismatches++ < 5)
        {
            Console.WriteLine("  differs from the reference: " + what);
        }
    }

    private static int[] ReadInts(string path) => MemoryMarshal.Cast<byte, int>(File.ReadAllBytes(path)).ToArray();

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "bench", "reference_boxes.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed class BoxOrder : IComparer<PixelBox>
    {
        public static readonly BoxOrder Instance = new();

        public int Compare(PixelBox a, PixelBox b) =>
            a.X0 != b.X0 ? a.X0.CompareTo(b.X0) : a.Y0 != b.Y0 ? a.Y0.CompareTo(b.Y0) : a.X1 != b.X1 ? a.X1.CompareTo(b.X1) : a.Y1.CompareTo(b.Y1);
    }
}

/// <summary>One row-major float32 map for the reference check; <see cref="Kind"/> names its generator in reports.</summary>
internal sealed record ReferenceMap(float[] Map, int Width, int Height, string Kind = "CAM-like");
