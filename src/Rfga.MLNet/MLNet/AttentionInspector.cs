using System;
using Rfga.MLNet.Imaging;
using Rfga.MLNet.Visualization;
using static TorchSharp.torch;

namespace Rfga.MLNet.MLNet;

/// <summary>Reads a trained network's attention intermediates for one image (PAPER.md Fig. 5), for figures.</summary>
public static class AttentionInspector
{
    /// <summary>
    /// Runs <paramref name="classifier"/>'s network in evaluation mode on <paramref name="image"/>, preprocessed as the
    /// transformer does (resize to the test size, normalise), and copies X, X̂, M (expanded to [C, H, W]), z_c, z_h,
    /// z_w, the probabilities and the head's weights to plain arrays. Nothing in the network changes.
    /// </summary>
    /// <param name="classifier">A trained classifier (e.g. found in a loaded model chain).</param>
    /// <param name="image">The image at its source size.</param>
    public static AttentionSnapshot Inspect(RfgaClassifierTransformer classifier, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(image);
        var state = classifier.State;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var network = classifier.Network;
        bool wasTraining = network.training;
        network.eval();
        try
        {
            var input = ImageBatch.Evaluation([image], state.TestSize, state.Preprocessing).to(classifier.Device);
            using var trace = network.Trace(input);
            var a = trace.Attention;
            var x = a.X[0];
            int c = (int)x.shape[0], h = (int)x.shape[1], w = (int)x.shape[2];
            var maps = new AttentionMaps(c, h, w, Flat(x), Flat(a.XHat[0]),
                a.M is null ? null : Flat(a.M.expand(a.X.shape)[0]),
                a.Zc is null ? null : Flat(a.Zc[0]),
                a.Zh is null ? null : Flat(a.Zh[0]),
                a.Zw is null ? null : Flat(a.Zw[0]));
            var scores = Flat(trace.Output.Logits.softmax(1)[0]);
            var weights = Flat(network.Classifier.weight!);
            return new AttentionSnapshot(maps, scores, weights);
        }
        finally
        {
            if (wasTraining) network.train();
        }
    }

    private static float[] Flat(Tensor t) => t.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
}
