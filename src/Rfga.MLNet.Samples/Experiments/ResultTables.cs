using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>
/// The experiment's results in the paper's layout, each cell "measured / paper": Markdown (with the scale banner, the
/// command, the recipe and notes) and CSV (one line per row or metric, measured and paper in separate columns, the
/// scale label in every line).
/// </summary>
internal static class ResultTables
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What the tables are about (everything but the rows).</summary>
    /// <param name="Definition">The experiment.</param>
    /// <param name="Dataset">The --dataset value.</param>
    /// <param name="DataDescription">The images used.</param>
    /// <param name="Scale">The recipe.</param>
    /// <param name="PaperDataset">Whose paper figures are shown (cub, aircraft, dogs).</param>
    /// <param name="CommandLine">The command that produced the run.</param>
    internal sealed record Context(ExperimentDefinition Definition, string Dataset, string DataDescription, ExperimentScale Scale,
        string PaperDataset, string CommandLine);

    /// <summary>The Markdown document.</summary>
    public static string Markdown(Context c, IReadOnlyList<(ExperimentRow Row, RowResult Result)> rows, double totalSeconds)
    {
        var s = new StringBuilder();
        s.Append("# ").Append(c.Definition.Title).Append(" — ").Append(c.Dataset).Append('\n').Append('\n');
        s.Append("**").Append(c.Scale.Label).Append("**");
        if (c.Scale.IsReduced) s.Append(": a small network on small images for a few epochs; the numbers show how the methods compare under these conditions, not what they reach at the paper's scale");
        s.Append(".\n\n");
        s.Append("- Command: `").Append(c.CommandLine).Append("`\n");
        s.Append("- Data: ").Append(c.DataDescription).Append('\n');
        s.Append("- Recipe: ").Append(c.Scale.Describe()).Append('\n');
        s.Append("- Evaluation: CAM of the ground-truth class at the test size, min-max normalised, τ ∈ {0.00, …, 0.99}, box of the largest ")
         .Append("connected region; MaxBoxAcc (%) per IoU threshold δ, Avg. = mean over δ; mIoU = mean over images of each image's best IoU (PAPER.md §5 reading (i)).\n");
        s.Append("- Each cell: **measured** / paper. Paper figures: ").Append(PaperName(c.PaperDataset)).Append(", ResNet-50 at 448 px (PAPER.md §8)");
        if (c.Dataset != c.PaperDataset) s.Append(" — another data set and scale, so compare orderings, not values");
        s.Append(". \"–\": the paper has no figure.\n");
        s.Append(string.Create(Inv, $"- Wall time of this invocation: {totalSeconds / 60:F1} min (rows finished earlier are read, not retrained).\n\n"));

        if (c.Definition.Layout == ExperimentLayout.Methods) MethodsTable(s, c, rows);
        else ViewsTable(s, c, rows);

        s.Append("\n## Details per row\n\n| Row | Trains | τ*(δ=0.5) | mIoU (ii) max_τ mean | mIoU (iii) at τ*(0.5) | Test images | Training s |\n|---|---|---|---|---|---|---|\n");
        foreach (var (row, r) in rows)
            s.Append(string.Create(Inv, $"| {row.Name} | {row.Attention}, views {row.Views}, method {row.Method} | {r.OptimalTau[0]:0.00} | {r.MaxMeanIou:0.0000} | {r.MeanIouAtOptimalTau:0.0000} | {r.Images} | {r.TrainingSeconds:F0} |\n"));
        return s.ToString();
    }

    private static void MethodsTable(StringBuilder s, Context c, IReadOnlyList<(ExperimentRow Row, RowResult Result)> rows)
    {
        s.Append("| Method | δ=0.5 | δ=0.6 | δ=0.7 | δ=0.8 | δ=0.9 | Avg. | mIoU | Top-1 cls (Table 2) |\n|---|---|---|---|---|---|---|---|---|\n");
        foreach (var (row, r) in rows)
        {
            var p = Paper(row, c.PaperDataset);
            s.Append("| ").Append(row.Name);
            for (int d = 0; d < 5; d++) s.Append(" | ").Append(Cell(r.MaxBoxAcc[d], p?.MaxBoxAcc?[d], "0.00"));
            s.Append(" | ").Append(Cell(r.MeanMaxBoxAcc, p?.Avg, "0.00"));
            s.Append(" | ").Append(Cell(r.PerImageMeanIou, p?.MIoU, "0.0000"));
            s.Append(" | ").Append(r.Top1 is double t ? Cell(t, p?.Top1, "0.00") : "–");
            s.Append(" |\n");
        }
        var cam = rows.FirstOrDefault(x => x.Row.Name == "CAM");
        if (cam.Row is not null)
        {
            var better = rows.Where(x => x.Row.Name != "CAM" && x.Result.MeanMaxBoxAcc > cam.Result.MeanMaxBoxAcc).Select(x => x.Row.Name).ToList();
            var worse = rows.Where(x => x.Row.Name != "CAM" && x.Result.MeanMaxBoxAcc <= cam.Result.MeanMaxBoxAcc).Select(x => x.Row.Name).ToList();
            s.Append(string.Create(Inv, $"\nMeasured Avg. above plain CAM's ({cam.Result.MeanMaxBoxAcc:0.00}): {(better.Count == 0 ? "none" : string.Join(", ", better))}; "))
             .Append("at or below: ").Append(worse.Count == 0 ? "none" : string.Join(", ", worse)).Append(".\n");
        }
    }

    private static void ViewsTable(StringBuilder s, Context c, IReadOnlyList<(ExperimentRow Row, RowResult Result)> rows)
    {
        s.Append("| Metric | ").Append(string.Join(" | ", rows.Select(x => x.Row.Name))).Append(" |\n|---|")
         .Append(string.Concat(rows.Select(_ => "---|"))).Append('\n');
        s.Append("| MaxBoxAcc (Avg.) | ").Append(string.Join(" | ", rows.Select(x => Cell(x.Result.MeanMaxBoxAcc, Paper(x.Row, c.PaperDataset)?.Avg, "0.00")))).Append(" |\n");
        s.Append("| mIoU | ").Append(string.Join(" | ", rows.Select(x => Cell(x.Result.PerImageMeanIou, Paper(x.Row, c.PaperDataset)?.MIoU, "0.0000")))).Append(" |\n");
    }

    /// <summary>The CSV document: methods layout one line per row; views layout one line per (metric, row).</summary>
    public static string Csv(Context c, IReadOnlyList<(ExperimentRow Row, RowResult Result)> rows)
    {
        var s = new StringBuilder();
        string scale = Field(c.Scale.Label);
        if (c.Definition.Layout == ExperimentLayout.Methods)
        {
            s.Append("method");
            foreach (double d in RowResult.Deltas) s.Append(string.Create(Inv, $",maxboxacc_{d:0.0},paper_maxboxacc_{d:0.0}"));
            s.Append(",avg,paper_avg,miou,paper_miou,top1,paper_top1,dataset,paper_dataset,scale\n");
            foreach (var (row, r) in rows)
            {
                var p = Paper(row, c.PaperDataset);
                s.Append(Field(row.Name));
                for (int d = 0; d < 5; d++) s.Append(',').Append(N(r.MaxBoxAcc[d])).Append(',').Append(N(p?.MaxBoxAcc?[d]));
                s.Append(',').Append(N(r.MeanMaxBoxAcc)).Append(',').Append(N(p?.Avg))
                 .Append(',').Append(N(r.PerImageMeanIou)).Append(',').Append(N(p?.MIoU))
                 .Append(',').Append(N(r.Top1)).Append(',').Append(N(p?.Top1))
                 .Append(',').Append(c.Dataset).Append(',').Append(c.PaperDataset).Append(',').Append(scale).Append('\n');
            }
        }
        else
        {
            s.Append("metric,view,measured,paper,dataset,paper_dataset,scale\n");
            foreach (var (metric, pick, paperPick) in new (string, Func<RowResult, double>, Func<PaperFigures?, double?>)[]
                     { ("maxboxacc_avg", r => r.MeanMaxBoxAcc, p => p?.Avg), ("miou", r => r.PerImageMeanIou, p => p?.MIoU) })
                foreach (var (row, r) in rows)
                    s.Append(metric).Append(',').Append(Field(row.Name)).Append(',').Append(N(pick(r))).Append(',').Append(N(paperPick(Paper(row, c.PaperDataset))))
                     .Append(',').Append(c.Dataset).Append(',').Append(c.PaperDataset).Append(',').Append(scale).Append('\n');
        }
        return s.ToString();
    }

    /// <summary>A plain-text table for the console.</summary>
    public static IEnumerable<string> Console(Context c, IReadOnlyList<(ExperimentRow Row, RowResult Result)> rows)
    {
        yield return c.Scale.Label;
        string header = $"{"row",-14}" + string.Concat(RowResult.Deltas.Select(d => $"{"δ=" + d.ToString("0.0", Inv),9}")) + $"{"Avg.",9}{"mIoU",9}{"top-1",9}";
        yield return header;
        yield return new string('-', header.Length);
        foreach (var (row, r) in rows)
            yield return $"{Trim(row.Name, 14),-14}" + string.Concat(r.MaxBoxAcc.Select(v => v.ToString("0.00", Inv).PadLeft(9)))
                         + r.MeanMaxBoxAcc.ToString("0.00", Inv).PadLeft(9) + r.PerImageMeanIou.ToString("0.0000", Inv).PadLeft(9)
                         + (r.Top1 is double t ? t.ToString("0.00", Inv) : "-").PadLeft(9);
    }

    private static string Trim(string s, int n) => s.Length <= n ? s : s[..n];

    private static PaperFigures? Paper(ExperimentRow row, string dataset) => row.Paper.TryGetValue(dataset, out var p) ? p : null;

    private static string Cell(double measured, double? paper, string format) =>
        $"**{measured.ToString(format, Inv)}** / {(paper is double p ? p.ToString(format, Inv) : "–")}";

    private static string N(double? v) => v is double x ? x.ToString("R", Inv) : "";

    private static string Field(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static string PaperName(string dataset) => dataset switch
    {
        "cub" => "CUB-200-2011",
        "aircraft" => "FGVC-Aircraft",
        "dogs" => "Stanford Dogs",
        _ => dataset,
    };
}
