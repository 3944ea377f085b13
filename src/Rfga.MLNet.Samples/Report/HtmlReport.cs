using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Rfga.MLNet.Samples.Figures;

namespace Rfga.MLNet.Samples.Report;

/// <summary>
/// The self-contained HTML page of <c>rfga report</c>: inline CSS, figures embedded as base64 PNG data URIs, no
/// script and no external reference, so the file can be mailed or archived alone.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Background colour of the metrics table's header row (tests look for it in screenshots).</summary>
    public const string TableHeaderColor = "#1f4e79";

    /// <summary>A figure to embed: a heading, a caption and the PNG bytes.</summary>
    public sealed record Figure(string Heading, string Caption, byte[] Png);

    /// <summary>Builds the page.</summary>
    /// <param name="title">Page title.</param>
    /// <param name="data">What was evaluated (data set and split, or file).</param>
    /// <param name="models">The evaluated models, one table row each.</param>
    /// <param name="figures">Figures in page order.</param>
    /// <param name="notes">Extra lines for the notes section (warnings, options).</param>
    /// <param name="generated">Time stamp shown in the header.</param>
    public static string Build(string title, string data, IReadOnlyList<EvaluatedModel> models, IReadOnlyList<Figure> figures,
        IReadOnlyList<string> notes, DateTimeOffset generated)
    {
        var deltas = models.Select(m => m.Metrics).FirstOrDefault(r => r is not null)?.PerDelta.Select(d => d.Delta).ToList() ?? [];
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px 32px;color:#1b1b1b;background:#fafafa}\n")
            .Append("h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ccc;padding-bottom:4px}\n")
            .Append(".meta{color:#555;font-size:13px;margin-bottom:16px}\n")
            .Append("table.metrics{border-collapse:collapse;font-size:14px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.15)}\n")
            .Append("table.metrics th{background:").Append(TableHeaderColor).Append(";color:#fff;font-weight:600;padding:6px 12px;text-align:right;white-space:nowrap}\n")
            .Append("table.metrics th.group{text-align:center;border-bottom:1px solid #6f8fb0}\n")
            .Append("table.metrics th:first-child,table.metrics td:first-child{text-align:left}\n")
            .Append("table.metrics td{padding:7px 12px;text-align:right;border-top:1px solid #e3e3e3;font-variant-numeric:tabular-nums}\n")
            .Append("table.metrics tr:nth-child(even) td{background:#f1f5f9}\n")
            .Append("figure{margin:12px 0 24px}figure img{max-width:100%;border:1px solid #ddd;background:#fff}\n")
            .Append("figcaption{color:#444;font-size:13px;margin-top:6px;max-width:960px}\n")
            .Append("ul.notes{font-size:13px;color:#333;max-width:960px}\n")
            .Append("</style>\n</head>\n<body>\n");

        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        html.Append("<div class=\"meta\">Data: ").Append(E(data)).Append(" · generated ")
            .Append(E(generated.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" · rfga report</div>\n");

        html.Append("<h2 id=\"metrics\">Metrics</h2>\n<table class=\"metrics\">\n<thead>\n<tr><th rowspan=\"2\">Model</th><th rowspan=\"2\">Images</th>");
        if (deltas.Count > 0) html.Append("<th colspan=\"").Append(deltas.Count + 1).Append("\" class=\"group\">MaxBoxAcc (%)</th>");
        html.Append("<th colspan=\"2\" class=\"group\">mIoU</th><th rowspan=\"2\">Top-1 cls (%)</th><th colspan=\"2\" class=\"group\">τ</th></tr>\n<tr>");
        foreach (double d in deltas) html.Append("<th>δ=").Append(F(d, "0.0")).Append("</th>");
        if (deltas.Count > 0) html.Append("<th>Avg.</th>");
        html.Append("<th>per image</th><th>at τ*</th><th>τ* (δ=").Append(deltas.Count > 0 ? F(deltas[0], "0.0") : "0.5")
            .Append(")</th><th>model</th></tr>\n</thead>\n<tbody>\n");
        foreach (var m in models)
        {
            html.Append("<tr><td>").Append(E(m.Name)).Append("</td><td>").Append(m.Images.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            var r = m.Metrics;
            foreach (var d in deltas)
            {
                var at = r?.PerDelta.FirstOrDefault(p => Math.Abs(p.Delta - d) < 1e-9);
                html.Append("<td>").Append(at is null ? "–" : F(at.MaxBoxAccuracy, "0.00")).Append("</td>");
            }
            if (deltas.Count > 0) html.Append("<td>").Append(r is null ? "–" : F(r.MeanMaxBoxAccuracy, "0.00")).Append("</td>");
            html
                .Append("<td>").Append(r is null ? "–" : F(r.PerImageMeanIou, "0.0000")).Append("</td>")
                .Append("<td>").Append(r is null ? "–" : F(r.MeanIou, "0.0000")).Append("</td>")
                .Append("<td>").Append(m.Top1Classification is double t ? F(t, "0.00") : "–").Append("</td>")
                .Append("<td>").Append(r is null ? "–" : F(r.PerDelta[0].OptimalTau, "0.00")).Append("</td>")
                .Append("<td>").Append(m.ModelTau is double mt ? F(mt, "0.00") : "–").Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");

        foreach (var figure in figures)
        {
            html.Append("<h2>").Append(E(figure.Heading)).Append("</h2>\n<figure><img alt=\"").Append(E(figure.Heading))
                .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(figure.Png)).Append("\">")
                .Append("<figcaption>").Append(E(figure.Caption)).Append("</figcaption></figure>\n");
        }

        html.Append("<h2>Notes</h2>\n<ul class=\"notes\">\n");
        var lines = new List<string>
        {
            "MaxBoxAcc(δ) = max over τ ∈ {0.00, 0.01, …, 0.99} of the % of images whose box (largest connected CAM region above τ) " +
            "has IoU ≥ δ with a ground-truth box; each δ has its own optimal τ*; Avg. = mean over δ (wsolevaluation rules).",
            "mIoU (per image) = mean over images of each image's best IoU over τ (PAPER.md §5 reading (i), the one comparable " +
            "with the paper's tables); mIoU at τ* = dataset mean IoU at the τ* of δ = 0.5 (reading (iii)).",
            "CAMs: " + string.Join("; ", models.Select(m => $"{m.Name}: {m.CamTarget}")) + ", upsampled to the source image and min-max normalised.",
        };
        lines.AddRange(notes);
        foreach (var line in lines) html.Append("<li>").Append(E(line)).Append("</li>\n");
        html.Append("</ul>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
