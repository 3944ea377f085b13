using System.Collections.Generic;

namespace Rfga.MLNet.Samples.Experiments;

/// <summary>What <c>rfga experiment</c> was asked to do.</summary>
/// <param name="Definition">The rows and table shape.</param>
/// <param name="Dataset">synthetic, cub, aircraft or dogs.</param>
/// <param name="DataFolder">The data set's folder (synthetic: generated there when empty).</param>
/// <param name="Scale">The recipe.</param>
/// <param name="Output">The output folder (rows/, tables, figures, run.json).</param>
/// <param name="Seed">MLContext seed of every row (initialisation, shuffling, augmentation, the methods' draws) and of generated data.</param>
/// <param name="TrainImages">Keep this many training images (spread evenly), or null for all.</param>
/// <param name="TestImages">Keep this many test images (spread evenly), or null for all.</param>
/// <param name="PaperDataset">Whose paper figures to print next to the measured ones.</param>
/// <param name="OnlyRows">Run only these rows (by name), or null for all.</param>
/// <param name="Overlays">Test images drawn in the overlay grid.</param>
/// <param name="CommandLine">The command line, recorded in the Markdown table.</param>
/// <param name="Gpu">CUDA device index of every row's training and scoring, or null for the CPU.</param>
internal sealed record ExperimentSettings(ExperimentDefinition Definition, string Dataset, string DataFolder, ExperimentScale Scale, string Output,
    int Seed, int? TrainImages, int? TestImages, string PaperDataset, IReadOnlyList<string>? OnlyRows, int Overlays, string CommandLine, int? Gpu = null);
