using System;
using System.Globalization;
using System.IO;
using System.Threading;
using Microsoft.ML;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Samples.IO;
using Rfga.MLNet.Samples.Progress;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>The Fig. 5 kind for one image: its CAM overlay and the labelled attention panels of <see cref="AttentionPanels"/>.</summary>
internal static class AttentionFigure
{
    /// <summary>Builds the figure; <paramref name="channel"/> null picks the channel contributing most to the predicted class's CAM.</summary>
    public static (OverlayImage Figure, string Summary) Compose(MLContext ml, LoadedModel model, ImageListRow row, int? channel, int panelSize,
        ProgressDisplay display, CancellationToken cancel)
    {
        var classifier = model.RequireClassifier();
        var image = ImageDecoder.Decode(row.ImagePath);
        var snapshot = AttentionInspector.Inspect(classifier, image);
        var maps = snapshot.Maps;
        int c = channel ?? AttentionPanels.StrongestChannel(maps, snapshot.ClassifierWeights(snapshot.PredictedClass));
        if (c < 0 || c >= maps.Channels)
            throw new ArgumentException($"--channel must be in [0, {maps.Channels}) for this model (C = {maps.Channels}); got {c}.");
        var single = new InputSet([row], null, Path.GetFileName(row.ImagePath), []);
        var evaluated = ModelEvaluation.Evaluate(ml, model, single, 1, display, cancel);
        var kept = evaluated.Kept[0];
        var (tau, box) = OverlayFigure.Box(evaluated, kept, new TauChoice("model", double.NaN));
        var picture = OverlayThumbnail.Render(image.Pixels, image.Width, image.Height, kept.Cam, kept.GroundTruth, box, panelSize);
        string name = Path.GetFileName(row.ImagePath);
        float p = snapshot.Scores[snapshot.PredictedClass];
        string title = string.Create(CultureInfo.InvariantCulture,
            $"{name}: {model.Name}, PREDICTED {kept.Predicted} (P {p:0.00}), BOX AT τ {tau:0.00}, CHANNEL {c}");
        string summary = string.Create(CultureInfo.InvariantCulture,
            $"{name}: predicted {kept.Predicted} (p = {p:0.000}); features C×H×W = {maps.Channels}×{maps.Height}×{maps.Width}; " +
            $"channel {c}{(channel is null ? " (largest w·mean X̂ for the predicted class)" : "")}; attention {(maps.M is null ? "none" : "present")}");
        return (AttentionPanels.Compose(maps, c, picture, title, panelSize), summary);
    }
}
