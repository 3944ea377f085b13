using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Rfga.MLNet.Evaluation;

namespace Rfga.MLNet.Tests.Evaluation;

[TestClass]
public sealed class NpyReaderTests
{
    private static readonly double[] Values = [0.0, 1.0, 0.5, 0.2, 0.999, 1e-9];

    private string folder = "";

    [TestInitialize]
    public void Create() => folder = Directory.CreateTempSubdirectory("rfga-npy-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void ReadMatrix_EveryVersionAndFloatDtype_ExactValuesRowMajor()
    {
        foreach (int major in new[] { 1, 2, 3 })
        {
            foreach (string descr in new[] { "<f4", ">f4", "<f8", ">f8" })
            {
                string path = Write($"v{major}{descr[0]}{descr[1..]}.npy".Replace('<', 'l').Replace('>', 'b'), NpyBytes.Build(Values, [2, 3], descr, major));

                double[] map = NpyReader.ReadMatrix(path, out int rows, out int columns);

                Assert.AreEqual(2, rows, $"{major} {descr}");
                Assert.AreEqual(3, columns);
                double[] expected = descr.EndsWith('4') ? Values.Select(v => (double)(float)v).ToArray() : Values;
                CollectionAssert.AreEqual(expected, map, $"{major} {descr}");
            }
        }
    }

    [TestMethod]
    public void ReadMatrix_Float32_WidenedExactlyNotRounded()
    {
        string path = Write("f4.npy", NpyBytes.Build([0.1, 0.7], [1, 2], "<f4"));

        double[] map = NpyReader.ReadMatrix(path, out _, out _);

        Assert.AreEqual(0.10000000149011612, map[0]);
        Assert.AreEqual((double)0.7f, map[1]);
    }

    [TestMethod]
    public void ReadMatrix_HeaderVariants_Parsed()
    {
        // Python 2 long suffixes, no spaces, double quotes, other key order: all produced by some numpy version.
        string[] headers =
        [
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }",
            "{'descr':'<f8','fortran_order':False,'shape':(2,3)}",
            "{\"shape\": (2, 3), \"fortran_order\": False, \"descr\": \"<f8\"}",
        ];
        foreach (string header in headers)
        {
            string path = Write("h.npy", NpyBytes.Build(Values, [2, 3], header: header));

            double[] map = NpyReader.ReadMatrix(path, out int rows, out int columns);

            Assert.AreEqual((2, 3), (rows, columns), header);
            CollectionAssert.AreEqual(Values, map, header);
        }
    }

    [TestMethod]
    public void ReadMatrix_ReusedBuffer_GrowsOnlyWhenTooSmall()
    {
        string small = Write("s.npy", NpyBytes.Build(Values, [2, 3]));
        string large = Write("l.npy", NpyBytes.Build(new double[20], [4, 5]));
        double[] buffer = new double[10];
        double[] original = buffer;

        NpyReader.ReadMatrix(small, ref buffer, out _, out _);
        Assert.AreSame(original, buffer);
        CollectionAssert.AreEqual(Values, buffer.Take(6).ToArray());

        NpyReader.ReadMatrix(large, ref buffer, out int rows, out int columns);
        Assert.AreEqual(20, buffer.Length);
        Assert.AreEqual((4, 5), (rows, columns));
    }

    [TestMethod]
    public void ReadMatrix_BadFiles_InvalidDataNamingFileAndProblem()
    {
        (string Name, byte[] Bytes, string Expected)[] cases =
        [
            ("text.npy", "not numpy at all"u8.ToArray(), "is not an NPY file"),
            ("v4.npy", NpyBytes.Build(Values, [2, 3], major: 4), "version 4.0"),
            ("int.npy", NpyBytes.Build(Values, [2, 3], "<i8"), "dtype '<i8'"),
            ("half.npy", NpyBytes.Build(Values, [2, 3], "<f2"), "dtype '<f2'"),
            ("native.npy", NpyBytes.Build(Values, [2, 3], "=f8"), "dtype '=f8'"),
            ("fortran.npy", NpyBytes.Build(Values, [2, 3], fortran: true), "Fortran order"),
            ("rank1.npy", NpyBytes.Build(Values, [6]), "1-D array of shape (6,)"),
            ("rank3.npy", NpyBytes.Build(Values, [1, 2, 3]), "3-D array of shape (1, 2, 3)"),
            ("empty.npy", NpyBytes.Build([], [0, 3]), "shape (0, 3)"),
            ("truncated.npy", NpyBytes.Build(Values, [2, 3])[..^5], "truncated"),
            ("trailing.npy", [.. NpyBytes.Build(Values, [2, 3]), 0], "bytes after"),
            ("noshape.npy", NpyBytes.Build(Values, [2, 3], header: "{'descr': '<f8', 'fortran_order': False}"), "no 'shape'"),
            ("structured.npy", NpyBytes.Build(Values, [2, 3], header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 3)}"), "structured"),
            ("garbled.npy", NpyBytes.Build(Values, [2, 3], header: "{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2, 3)}"), "malformed header"),
        ];
        foreach ((string name, byte[] bytes, string expected) in cases)
        {
            string path = Write(name, bytes);

            var e = Assert.ThrowsExactly<InvalidDataException>(() => NpyReader.ReadMatrix(path, out _, out _), name);

            StringAssert.Contains(e.Message, $"'{path}'", name);
            StringAssert.Contains(e.Message, expected, name);
        }
    }

    [TestMethod]
    public void ReadMatrix_MissingFile_FileNotFoundNamingPath()
    {
        string path = Path.Combine(folder, "absent.npy");

        var e = Assert.ThrowsExactly<FileNotFoundException>(() => NpyReader.ReadMatrix(path, out _, out _));

        StringAssert.Contains(e.Message, path);
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
