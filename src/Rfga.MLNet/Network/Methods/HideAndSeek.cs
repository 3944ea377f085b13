using System;
using Rfga.MLNet.Common;
using static TorchSharp.torch;

namespace Rfga.MLNet.Network;

/// <summary>
/// <see cref="WsolMethod.HaS"/>, Hide-and-Seek (Singh and Lee, ICCV 2017; PAPER.md §7): the normalised training crop
/// is divided into S×S-pixel patches from its top-left corner (the last row and column may be partial) and each patch
/// is hidden with probability p, i.e. filled with <see cref="HasOptions.Fill"/> (0 = the mean pixel). Training only;
/// the network and the test-time CAM are plain CAM's.
/// </summary>
/// <remarks>
/// Draw order from the trainer's stream: image by image, patch rows top to bottom, patches left to right, one
/// uniform u per patch; hidden when u &lt; p. Unlike wsolevaluation's <c>has.py</c>, rows and columns are counted on
/// their own axis (it clamps both by the height).
/// </remarks>
internal sealed class HideAndSeek(HasOptions options) : IWsolMethod
{
    /// <summary>The settings.</summary>
    public HasOptions Options { get; } = options;

    /// <inheritdoc />
    public MethodBatch PrepareBatch(Tensor images, Tensor labels, ref SplitMix64 random)
    {
        int b = (int)images.shape[0], h = (int)images.shape[2], w = (int)images.shape[3];
        int s = Options.GridSizeFor(Math.Min(h, w));
        var hidden = DrawHidden(b, h, w, s, Options.HideProbability, ref random);
        return new MethodBatch(Hide(images, hidden, s, Options.Fill), labels);
    }

    /// <summary>Which patches to hide: [image, patch row, patch column], ⌈h/s⌉ rows and ⌈w/s⌉ columns, in draw order.</summary>
    internal static bool[,,] DrawHidden(int batch, int height, int width, int gridSize, double probability, ref SplitMix64 random)
    {
        int rows = (height + gridSize - 1) / gridSize, columns = (width + gridSize - 1) / gridSize;
        var hidden = new bool[batch, rows, columns];
        for (int i = 0; i < batch; i++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    hidden[i, r, c] = random.NextDouble() < probability;
        return hidden;
    }

    /// <summary>The keep mask [B, 1, H, W] (float32 on <paramref name="device"/>): 0 in hidden patches, 1 elsewhere.</summary>
    internal static Tensor KeepMask(bool[,,] hidden, int height, int width, int gridSize, Device? device = null)
    {
        int batch = hidden.GetLength(0);
        var mask = new float[batch * height * width];
        for (int i = 0; i < batch; i++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    mask[(i * height + y) * width + x] = hidden[i, y / gridSize, x / gridSize] ? 0f : 1f;
        return tensor(mask, [batch, 1, height, width], ScalarType.Float32, device);
    }

    /// <summary>
    /// <paramref name="images"/> [B, C, H, W] with the <paramref name="hidden"/> patches set to <paramref name="fill"/>
    /// in every channel (a new tensor).
    /// </summary>
    internal static Tensor Hide(Tensor images, bool[,,] hidden, int gridSize, double fill)
    {
        int h = (int)images.shape[2], w = (int)images.shape[3];
        if (hidden.GetLength(0) != images.shape[0] || hidden.GetLength(1) != (h + gridSize - 1) / gridSize || hidden.GetLength(2) != (w + gridSize - 1) / gridSize)
            throw new ArgumentException($"the patch grid [{hidden.GetLength(0)}, {hidden.GetLength(1)}, {hidden.GetLength(2)}] does not fit images [{string.Join(", ", images.shape)}] with S = {gridSize}.", nameof(hidden));
        using var scope = NewDisposeScope();
        var keep = KeepMask(hidden, h, w, gridSize, images.device).to_type(images.dtype);
        var result = images * keep;
        if (fill != 0) result = result + (1 - keep) * fill;
        return result.MoveToOuterDisposeScope();
    }
}
