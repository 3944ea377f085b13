using System;
using System.Collections.Generic;
using System.IO;
using Rfga.MLNet.Tests.Support;

namespace Rfga.MLNet.Tests.MLNet;

/// <summary>The two-colour squares set written as PNG files to a temporary folder, with the rows that list them.</summary>
internal sealed class SquaresFolder : IDisposable
{
    public sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string ClassName { get; set; } = "";
        public float[] Boxes { get; set; } = [];
    }

    public SquaresFolder(int count, int seed = 5)
    {
        Folder = Path.Combine(Path.GetTempPath(), "rfga-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        var source = new SquaresSource(count, seed: seed);
        for (int i = 0; i < source.Count; i++)
        {
            var image = source.GetImage(i);
            string name = $"{i:D3}.png";
            Rfga.MLNet.Data.PngCodec.Save(Path.Combine(Folder, name), image.Pixels, image.Width, image.Height);
            var b = source.GetBox(i);
            Rows.Add(new Row { ImagePath = name, ClassName = source.GetLabel(i) == 0 ? "red" : "blue", Boxes = [b.X0, b.Y0, b.X1, b.Y1] });
        }
    }

    public string Folder { get; }

    public List<Row> Rows { get; } = new();

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
