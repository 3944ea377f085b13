using System.Collections.Generic;
using Rfga.MLNet.Evaluation;

namespace Rfga.MLNet.Samples.Figures;

/// <summary>A model scored on a data set: box metrics (null without ground-truth boxes), top-1 and kept images.</summary>
/// <param name="Name">Display name.</param>
/// <param name="ModelPath">The model zip.</param>
/// <param name="Images">Images scored.</param>
/// <param name="Metrics">MaxBoxAcc, τ curves and mIoU over the images with boxes, or null when none has a box.</param>
/// <param name="Top1Classification">Top-1 classification accuracy (%) over labelled images, or null when none is labelled.</param>
/// <param name="CamTarget">"ground-truth class" or "predicted class": whose CAM the metrics and overlays use.</param>
/// <param name="ModelTau">The τ stored in the model's box deriver, or null.</param>
/// <param name="Kept">The first images, for overlays.</param>
internal sealed record EvaluatedModel(string Name, string ModelPath, int Images, BoxAccuracyResult? Metrics, double? Top1Classification,
    string CamTarget, double? ModelTau, IReadOnlyList<KeptImage> Kept);
