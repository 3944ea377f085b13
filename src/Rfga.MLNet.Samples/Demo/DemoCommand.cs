using System;
using System.CommandLine;
using System.IO;
using Rfga.MLNet.Samples.Progress;

namespace Rfga.MLNet.Samples.Demo;

/// <summary><c>rfga demo</c>: the whole WSOL job on a generated data set, on CPU, in a few minutes.</summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var defaults = new DemoSettings();
        var output = new Option<string>("--out") { Description = "Folder for the generated data, overlay PNGs and results.json.", DefaultValueFactory = _ => defaults.Output };
        var classes = new Option<int>("--classes") { Description = "Classes of the synthetic set (2-8).", DefaultValueFactory = _ => defaults.Classes };
        var train = new Option<int>("--train") { Description = "Training images.", DefaultValueFactory = _ => defaults.Train };
        var test = new Option<int>("--test") { Description = "Held-back test images.", DefaultValueFactory = _ => defaults.Test };
        var size = new Option<int>("--image-size") { Description = "Image side in pixels (32-512).", DefaultValueFactory = _ => defaults.ImageSize };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs per network.", DefaultValueFactory = _ => defaults.Epochs };
        var batch = new Option<int>("--batch-size") { Description = "Images per SGD step.", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Initial learning rate (x0.1 at 2/3 of training).", DefaultValueFactory = _ => defaults.LearningRate };
        var seed = new Option<int>("--seed") { Description = "MLContext seed: data, initialisation and shuffling.", DefaultValueFactory = _ => defaults.Seed };
        var overlays = new Option<int>("--overlays") { Description = "Test images drawn as overlays (0-64).", DefaultValueFactory = _ => defaults.Overlays };
        var command = new Command("demo",
            "Generates a seeded synthetic WSOL data set (class = a small part on a larger object over clutter), trains a tiny CNN " +
            "with RFGA (w/ R) and without attention (plain CAM) on CPU, derives boxes from their CAMs, evaluates MaxBoxAcc " +
            "(δ 0.5-0.9) against a centre-Gaussian baseline, prints the table and writes overlay PNGs (CAM heat, ground truth " +
            "red, prediction green), tau-curves.png (BoxAcc vs τ, δ 0.5) and results.json (metrics and τ curves; input of " +
            "'rfga visualize tau-curves') to --out (default ./rfga-demo). Live progress on a terminal, plain lines otherwise.")
        {
            output, classes, train, test, size, epochs, batch, lr, seed, overlays,
        };
        command.SetAction(parse =>
        {
            var settings = new DemoSettings
            {
                Output = parse.GetValue(output)!, Classes = parse.GetValue(classes), Train = parse.GetValue(train),
                Test = parse.GetValue(test), ImageSize = parse.GetValue(size), Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr), Seed = parse.GetValue(seed),
                Overlays = parse.GetValue(overlays),
            };
            try
            {
                settings.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"rfga demo: {e.Message}");
                return 2;
            }
            try
            {
                using var stop = new CtrlC(Console.Error.WriteLine);
                return ProgressDisplay.Run(display => new DemoRunner(settings, display, stop.Token).Run());
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("rfga demo: stopped by Ctrl+C.");
                return 130;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                Console.Error.WriteLine($"rfga demo: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
