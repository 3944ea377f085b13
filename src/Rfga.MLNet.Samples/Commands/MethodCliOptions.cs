using System;
using System.CommandLine;
using Rfga.MLNet.MLNet;
using Rfga.MLNet.Network;

namespace Rfga.MLNet.Samples.Commands;

/// <summary>
/// <c>--method</c> and the method-prefixed hyper-parameters of the training-time WSOL methods (PAPER.md §7; defaults are
/// the original methods'), shared by commands that train. Errors name the flag and the value.
/// </summary>
internal sealed class MethodCliOptions
{
    private readonly Option<WsolMethod> method = CliOptions.Make("--method",
        "Training-time WSOL method: Cam (plain training), HaS (Hide-and-Seek), Acol (adversarial complementary heads), Adl (attention-based " +
        "dropout layers) or CutMix. Combine with --attention None for the paper's HaS/ACoL/ADL/CutMix rows.", WsolMethod.Cam);
    private readonly Option<int?> hasGrid = CliOptions.Make<int?>("--has-grid-size", "HaS patch side S in pixels of the training crop (default crop/7: 64 at 448).", null);
    private readonly Option<double> hasProbability = CliOptions.Make("--has-hide-probability", "HaS probability of hiding each patch.", new HasOptions().HideProbability);
    private readonly Option<double> adlDropRate = CliOptions.Make("--adl-drop-rate", "ADL probability ρ of using the drop mask in a forward pass.", new AdlOptions().DropRate);
    private readonly Option<double> adlThreshold = CliOptions.Make("--adl-threshold", "ADL drop threshold γ (fraction of the maximum channel mean).", new AdlOptions().Threshold);
    private readonly Option<double> acolThreshold = CliOptions.Make("--acol-threshold", "ACoL erasing threshold on head A's normalised map.", new AcolOptions().ErasingThreshold);
    private readonly Option<int?> acolWidth = CliOptions.Make<int?>("--acol-head-width", "ACoL channels of the heads' 3×3 convolutions (default C/2: 1024 for ResNet-50).", null);
    private readonly Option<double> cutMixBeta = CliOptions.Make("--cutmix-beta", "CutMix β of the Beta(β, β) mixing ratio.", new CutMixOptions().Beta);
    private readonly Option<double> cutMixProbability = CliOptions.Make("--cutmix-probability", "CutMix probability of mixing a batch.", new CutMixOptions().Probability);

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { method, hasGrid, hasProbability, adlDropRate, adlThreshold, acolThreshold, acolWidth, cutMixBeta, cutMixProbability })
            command.Options.Add(option);
    }

    /// <summary>Sets the method and its options on <paramref name="options"/>; out-of-range values throw naming the flag.</summary>
    public void Apply(ParseResult parse, RfgaTrainerOptions options)
    {
        options.Method = parse.GetValue(method);
        options.HaS = Checked(new HasOptions { GridSize = parse.GetValue(hasGrid), HideProbability = parse.GetValue(hasProbability) }, o => o.Validate(), "--has-");
        options.Adl = Checked(new AdlOptions { DropRate = parse.GetValue(adlDropRate), Threshold = parse.GetValue(adlThreshold) }, o => o.Validate(), "--adl-");
        options.Acol = Checked(new AcolOptions { ErasingThreshold = parse.GetValue(acolThreshold), HeadWidth = parse.GetValue(acolWidth) }, o => o.Validate(), "--acol-");
        options.CutMix = Checked(new CutMixOptions { Beta = parse.GetValue(cutMixBeta), Probability = parse.GetValue(cutMixProbability) }, o => o.Validate(), "--cutmix-");
    }

    private T Checked<T>(T value, Action<T> validate, string prefix)
    {
        try
        {
            validate(value);
            return value;
        }
        catch (ArgumentOutOfRangeException e)
        {
            string flag = e.ParamName switch
            {
                nameof(HasOptions.GridSize) => hasGrid.Name,
                nameof(HasOptions.HideProbability) => hasProbability.Name,
                nameof(AdlOptions.DropRate) => adlDropRate.Name,
                nameof(AdlOptions.Threshold) => adlThreshold.Name,
                nameof(AcolOptions.ErasingThreshold) => acolThreshold.Name,
                nameof(AcolOptions.HeadWidth) => acolWidth.Name,
                nameof(CutMixOptions.Beta) => cutMixBeta.Name,
                nameof(CutMixOptions.Probability) => cutMixProbability.Name,
                _ => prefix + "…",
            };
            string message = e.Message.Split('\n')[0];
            int cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw new ArgumentException($"{flag} = {e.ActualValue}: {(cut > 0 ? message[..cut] : message)}.", e);
        }
    }
}
