using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Rfga.MLNet.Data;

// Generates a CUB-200-2011-sized listing (11,788 images, 200 classes, 5,994 train; metadata only, no image files)
// and times WsolDatasets.Cub200 with ImageCheck.None against a baseline measured in the same run: reading the
// same five files with File.ReadAllLines and nothing else. Goal: load < 1 s.
//   dotnet run -c Release --project bench/DatasetListingBench [-- runs]

const int ImageCount = 11_788, ClassCount = 200, TrainCount = 5_994;
int runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;

string root = Directory.CreateTempSubdirectory("rfga-cub-listing-").FullName;
try
{
    Generate(root);
    string[] files = ["classes.txt", "images.txt", "image_class_labels.txt", "train_test_split.txt", "bounding_boxes.txt"];
    var options = new WsolDatasetOptions { ImageCheck = ImageFileCheck.None };

    double cold = Time(() => Check(WsolDatasets.Cub200(root, options)));
    var baseline = Repeat(runs, () => { foreach (var f in files) File.ReadAllLines(Path.Combine(root, f)); });
    var load = Repeat(runs, () => Check(WsolDatasets.Cub200(root, options)));

    Console.WriteLine($"CUB-sized listing: {ImageCount:N0} images, {ClassCount} classes, {runs} timed runs after one warm-up (median / min)");
    Console.WriteLine();
    Console.WriteLine("| what | images | median ms | min ms | × baseline (median) |");
    Console.WriteLine("|---|---:|---:|---:|---:|");
    Row("baseline: File.ReadAllLines of the 5 files", baseline, baseline);
    Row("WsolDatasets.Cub200, ImageCheck.None", load, baseline);
    Console.WriteLine($"| first call (cold: JIT included) | {ImageCount:N0} | {cold:F1} | | |");
    Console.WriteLine();
    Console.WriteLine($"goal < 1000 ms: {(Median(load) < 1000 ? "met" : "NOT met")}");
}
finally
{
    Directory.Delete(root, recursive: true);
}

void Row(string what, double[] times, double[] reference) =>
    Console.WriteLine($"| {what} | {ImageCount:N0} | {Median(times):F1} | {times.Min():F1} | {Median(times) / Median(reference):F2} |");

static void Check(WsolSplits splits)
{
    if (splits.Train.Count != TrainCount || splits.Test.Count != ImageCount - TrainCount || splits.ClassNames.Count != ClassCount)
        throw new InvalidOperationException($"unexpected counts {splits.Train.Count}/{splits.Test.Count}/{splits.ClassNames.Count}");
}

static double Time(Action action)
{
    var watch = Stopwatch.StartNew();
    action();
    return watch.Elapsed.TotalMilliseconds;
}

static double[] Repeat(int runs, Action action)
{
    action();   // warm-up
    return Enumerable.Range(0, runs).Select(_ => Time(action)).ToArray();
}

static double Median(double[] values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

// The publisher's five files in their real shapes: CRLF-free "<id> <value>" lines, 1-based ids, float boxes.
static void Generate(string root)
{
    var random = new Random(20_11);
    var classes = new StringBuilder();
    for (int c = 1; c <= ClassCount; c++) classes.Append(CultureInfo.InvariantCulture, $"{c} {c:D3}.Bird_Class_{c}\n");
    var train = new HashSet<int>(Enumerable.Range(1, ImageCount).OrderBy(_ => random.Next()).Take(TrainCount));
    StringBuilder images = new(), labels = new(), split = new(), boxes = new();
    for (int id = 1; id <= ImageCount; id++)
    {
        int c = (id - 1) * ClassCount / ImageCount + 1;
        images.Append(CultureInfo.InvariantCulture, $"{id} {c:D3}.Bird_Class_{c}/Bird_Class_{c}_{id:D4}_{random.Next(1, 800_000)}.jpg\n");
        labels.Append(CultureInfo.InvariantCulture, $"{id} {c}\n");
        split.Append(CultureInfo.InvariantCulture, $"{id} {(train.Contains(id) ? 1 : 0)}\n");
        double x = random.Next(0, 200), y = random.Next(0, 150), w = random.Next(20, 250) + (random.Next(4) == 0 ? 0.5 : 0), h = random.Next(20, 200);
        boxes.Append(CultureInfo.InvariantCulture, $"{id} {x:F1} {y:F1} {w:F1} {h:F1}\n");
    }
    File.WriteAllText(Path.Combine(root, "classes.txt"), classes.ToString());
    File.WriteAllText(Path.Combine(root, "images.txt"), images.ToString());
    File.WriteAllText(Path.Combine(root, "image_class_labels.txt"), labels.ToString());
    File.WriteAllText(Path.Combine(root, "train_test_split.txt"), split.ToString());
    File.WriteAllText(Path.Combine(root, "bounding_boxes.txt"), boxes.ToString());
}
