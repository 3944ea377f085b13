using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>
/// The Fig. 3 kind: one row per image, one column per model; each cell the image with the CAM heat map, the
/// ground-truth boxes (red) and the predicted box (green) at the chosen τ, captioned with that τ and the IoU.
/// </summary>
internal static class OverlayFigure
{
    /// <summary>Builds the grid for the first <paramref name="count"/> kept images of every model (all scored on the same input).</summary>
    public static OverlayImage Compose(IReadOnlyList<EvaluatedModel> models, int count, TauChoice tau, int cellSize)
    {
        if (models.Count == 0) throw new ArgumentException("no model to draw.");
        int rows = models.Min(m => m.Kept.Count);
        rows = Math.Min(rows, count);
        if (rows == 0) throw new ArgumentException("no image to draw.");
        var cells = new List<IReadOnlyList<OverlayImage>>();
        var captions = new List<IReadOnlyList<string>>();
        var pictures = new Dictionary<string, RgbImage>(StringComparer.Ordinal);
        for (int r = 0; r < rows; r++)
        {
            var row = new List<OverlayImage>();
            var text = new List<string>();
            foreach (var model in models)
            {
                var kept = model.Kept[r];
                if (!pictures.TryGetValue(kept.ImagePath, out var image))
                    pictures[kept.ImagePath] = image = ImageDecoder.Decode(kept.ImagePath);
                if (image.Width != kept.Width || image.Height != kept.Height)
                    throw new InvalidOperationException($"'{kept.ImagePath}' is {image.Width}×{image.Height}; its CAM is {kept.Width}×{kept.Height}.");
                var (t, box) = Box(model, kept, tau);
                row.Add(OverlayThumbnail.Render(image.Pixels, image.Width, image.Height, kept.Cam, kept.GroundTruth, box, cellSize));
                text.Add(Caption(kept, t, box));
            }
            cells.Add(row);
            captions.Add(text);
        }
        return OverlayGrid.Compose(cells, models.Select(m => m.Name).ToList(), captions);
    }

    /// <summary>The τ and predicted box of <paramref name="kept"/> under <paramref name="choice"/>.</summary>
    public static (double Tau, PixelBox Box) Box(EvaluatedModel model, KeptImage kept, TauChoice choice)
    {
        double tau = choice.Kind switch
        {
            "best" when kept.GroundTruth.Length > 0 => ModelEvaluation.BestTau(kept).Tau,
            "dataset" when model.Metrics is not null => model.Metrics.PerDelta[0].OptimalTau,
            "value" => choice.Value,
            _ => model.ModelTau ?? 0.5,
        };
        return (tau, BoxExtractor.LargestComponentBox(kept.Cam, kept.Width, kept.Height, tau));
    }

    private static string Caption(KeptImage kept, double tau, PixelBox box) => kept.GroundTruth.Length == 0
        ? string.Create(CultureInfo.InvariantCulture, $"τ {tau:0.00} {kept.Predicted}")
        : string.Create(CultureInfo.InvariantCulture, $"IOU {ModelEvaluation.Iou(box, kept.GroundTruth):0.00} τ {tau:0.00}");
}
