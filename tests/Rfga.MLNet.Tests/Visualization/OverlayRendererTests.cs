using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Localization;
using Rfga.MLNet.Tests.Data;
using Rfga.MLNet.Visualization;

namespace Rfga.MLNet.Tests.Visualization;

[TestClass]
public sealed class OverlayRendererTests
{
    private const int W = 20, H = 16, Scale = 3;

    private string directory = "";

    [TestInitialize]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("rfga-overlay-").FullName;

    [TestCleanup]
    public void DeleteDirectory()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    /// <summary>A grey gradient image whose pixels are never pure red or green.</summary>
    private static byte[] Image()
    {
        var rgb = new byte[W * H * 3];
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                int o = (y * W + x) * 3;
                rgb[o] = (byte)(60 + 3 * x);
                rgb[o + 1] = (byte)(70 + 2 * y);
                rgb[o + 2] = 90;
            }
        return rgb;
    }

    private static (byte, byte, byte) At(byte[] rgb, int width, int x, int y)
    {
        int o = (y * width + x) * 3;
        return (rgb[o], rgb[o + 1], rgb[o + 2]);
    }

    private static bool OnBorder(PixelBox b, int x, int y) =>
        x >= b.X0 && x <= b.X1 && y >= b.Y0 && y <= b.Y1 && (x == b.X0 || x == b.X1 || y == b.Y0 || y == b.Y1);

    [TestMethod]
    public void Save_BoxesNoCam_RedGroundTruthAndGreenPredictionOutlinesAtScaledPixels()
    {
        var image = Image();
        var gt = new PixelBox(2, 3, 9, 12);
        var predicted = new PixelBox(6, 1, 17, 7);
        string path = Path.Combine(directory, "overlay.png");
        OverlayRenderer.Save(path, image, W, H, cam: null, [gt], predicted, scale: Scale);
        var (rgb, width, height) = PngTestReader.Read(path);
        Assert.AreEqual(W * Scale, width);
        Assert.AreEqual(H * Scale, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int sx = x / Scale, sy = y / Scale;
                var expected = OnBorder(predicted, sx, sy) ? ((byte)0, (byte)255, (byte)0)
                    : OnBorder(gt, sx, sy) ? ((byte)255, (byte)0, (byte)0)
                    : At(image, W, sx, sy);
                Assert.AreEqual(expected, At(rgb, width, x, y), $"output ({x},{y}) = source ({sx},{sy})");
            }
    }

    [TestMethod]
    public void Render_FullAlphaCam_HottestColourOnlyAtCamMaximum()
    {
        var cam = new float[W * H];
        int mx = 13, my = 4;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                cam[y * W + x] = 0.9f * MathF.Max(0f, 1f - ((x - mx) * (x - mx) + (y - my) * (y - my)) / 200f);
        cam[my * W + mx] = 1f;
        string path = Path.Combine(directory, "heat.png");
        OverlayRenderer.Render(Image(), W, H, cam, heatAlpha: 1f, scale: Scale).SavePng(path);
        var (rgb, width, height) = PngTestReader.Read(path);
        var hottest = HeatmapColormap.Map(1f);
        int count = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                if (At(rgb, width, x, y) != hottest) continue;
                count++;
                Assert.AreEqual((mx, my), (x / Scale, y / Scale), $"hottest colour at output ({x},{y})");
            }
        Assert.AreEqual(Scale * Scale, count, "the CAM maximum's block must carry the hottest colour");
    }

    [TestMethod]
    public void Render_HalfAlpha_BlendsImageAndJetWithinOneLevel()
    {
        var image = Image();
        var cam = new float[W * H];
        for (int i = 0; i < cam.Length; i++) cam[i] = i / (float)(cam.Length - 1);
        var overlay = OverlayRenderer.Render(image, W, H, cam, heatAlpha: 0.5f, scale: 1);
        for (int i = 0; i < cam.Length; i++)
        {
            var (hr, hg, hb) = HeatmapColormap.Map(cam[i]);
            int[] heat = [hr, hg, hb];
            for (int c = 0; c < 3; c++)
            {
                double expected = 0.5 * image[i * 3 + c] + 0.5 * heat[c];
                Assert.IsLessThanOrEqualTo(1.0, Math.Abs(overlay.Rgb[i * 3 + c] - expected), $"pixel {i} channel {c}");
            }
        }
    }

    [TestMethod]
    public void Render_BoxPartlyOutside_ClippedToImage()
    {
        var overlay = OverlayRenderer.Render(Image(), W, H, groundTruthBoxes: [new PixelBox(-5, 10, 4, 30)], scale: 1);
        Assert.AreEqual(((byte)255, (byte)0, (byte)0), overlay[4, 12]);
        Assert.AreNotEqual(((byte)255, (byte)0, (byte)0), overlay[0, 12], "the clipped left edge is outside the image");
        Assert.AreNotEqual(((byte)255, (byte)0, (byte)0), overlay[2, 15], "the clipped bottom edge is outside the image");
    }

    [TestMethod]
    public void Render_CamWithNaN_ThrowsNamingIndex()
    {
        var cam = new float[W * H];
        cam[37] = float.NaN;
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => OverlayRenderer.Render(Image(), W, H, cam));
        Assert.AreEqual("cam", e.ParamName);
        Assert.Contains("index 37", e.Message);
    }

    [TestMethod]
    public void Render_CamOfWrongSize_Throws()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => OverlayRenderer.Render(Image(), W, H, new float[16 * 16]));
        Assert.AreEqual("cam", e.ParamName);
    }

    [TestMethod]
    public void Render_InvertedBox_ThrowsNamingBox()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => OverlayRenderer.Render(Image(), W, H, predictedBox: new PixelBox(5, 5, 4, 9)));
        Assert.AreEqual("predictedBox", e.ParamName);
    }
}
