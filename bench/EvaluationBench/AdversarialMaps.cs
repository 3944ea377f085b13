using System;
using System.Collections.Generic;
using Rfga.MLNet.Localization;

/// <summary>
/// Seeded score maps built to stress the contour rules rather than to look like CAMs: plateaus and ties, few distinct
/// levels (many components, diagonal contacts), rings and nested holes, checkerboards, isolated pixels, constant maps,
/// values on the k/255 grid and just below it, and sizes from 1×1 to 257×129 (non-square among them). For the
/// comparison with the reference's own loop (<c>--adversarial N</c>).
/// </summary>
internal static class AdversarialMaps
{
    private static readonly (int Width, int Height)[] Sizes =
        [(1, 1), (1, 9), (9, 1), (2, 2), (3, 5), (7, 7), (17, 31), (31, 17), (64, 64), (100, 37), (224, 224), (257, 129)];

    private static readonly string[] Kinds = ["levels", "plateaus", "rings", "checker", "pixels", "constant", "grid-edges", "smooth+levels"];

    public static List<ReferenceMap> Create(int count)
    {
        var maps = new List<ReferenceMap>(count);
        for (int i = 0; i < count; i++)
        {
            var rng = new Random(7_919 * i + 17);
            (int w, int h) = Sizes[rng.Next(Sizes.Length)];
            string kind = Kinds[i % Kinds.Length];
            var map = new float[w * h];
            switch (kind)
            {
                case "levels": // few distinct values, independent per pixel: many components touching diagonally
                {
                    float[] values = [0f, 0.2f, 0.5f, 1f];
                    for (int p = 0; p < map.Length; p++) map[p] = values[rng.Next(values.Length)];
                    break;
                }
                case "plateaus": // blocks of one level: large ties of area and equal-area components
                {
                    int block = 1 + rng.Next(Math.Max(1, Math.Min(w, h) / 2));
                    var cell = new Dictionary<(int, int), float>();
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++)
                        {
                            var key = (x / block, y / block);
                            if (!cell.TryGetValue(key, out float v)) cell[key] = v = rng.Next(6) / 5f;
                            map[y * w + x] = v;
                        }

                    break;
                }
                case "rings": // concentric rings around random centres: holes inside holes
                {
                    double cx = rng.NextDouble() * w, cy = rng.NextDouble() * h, period = 1 + rng.NextDouble() * 6;
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++)
                        {
                            double r = Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                            int ring = (int)(r / period);
                            map[y * w + x] = ring % 2 == 0 ? (float)Math.Max(0, 1 - ring * 0.07) : (float)(rng.NextDouble() * 0.05);
                        }

                    break;
                }
                case "checker": // diagonal contacts only
                {
                    int square = 1 + rng.Next(3);
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++)
                            map[y * w + x] = ((x / square + y / square) & 1) == 0 ? (float)(0.5 + 0.5 * rng.NextDouble()) : 0f;
                    break;
                }
                case "pixels": // isolated single pixels on zero (and one at a corner)
                {
                    for (int k = rng.Next(1, 6); k > 0; k--) map[rng.Next(map.Length)] = (float)(0.1 + 0.9 * rng.NextDouble());
                    map[0] = rng.Next(2) == 0 ? 0f : 1f;
                    break;
                }
                case "constant": // all equal (0, a middle value, or 1)
                {
                    float v = new[] { 0f, 0.5f, 1f }[rng.Next(3)];
                    Array.Fill(map, v);
                    break;
                }
                case "grid-edges": // values on k/255 and one float32 step below: the quantisation boundary
                {
                    for (int p = 0; p < map.Length; p++)
                    {
                        float v = rng.Next(256) / 255f;
                        map[p] = rng.Next(2) == 0 || v == 0 ? v : MathF.BitDecrement(v);
                    }

                    break;
                }
                default: // a smooth field quantised to few levels: CAM-like shapes with plateaus at every level
                {
                    double fx = rng.NextDouble() * 0.5, fy = rng.NextDouble() * 0.5;
                    int levels = 2 + rng.Next(6);
                    for (int y = 0; y < h; y++)
                        for (int x = 0; x < w; x++)
                        {
                            double v = 0.5 + 0.25 * Math.Sin(x * fx) + 0.25 * Math.Cos(y * fy);
                            map[y * w + x] = (float)(Math.Floor(v * levels) / levels);
                        }

                    break;
                }
            }

            maps.Add(new ReferenceMap(map, w, h, kind));
        }

        return maps;
    }
}
