using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Rfga.MLNet.Samples.IO;

/// <summary>Lists image files of a folder: unlabelled (every image directly in it) or labelled by class subfolder.</summary>
internal static class ImageFolderInput
{
    /// <summary>The file extensions taken as images, lower case.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp"];

    /// <summary>Every image file directly in <paramref name="folder"/>, sorted by name (ordinal); error if there is none.</summary>
    public static InputSet Unlabelled(string folder)
    {
        string full = RequireFolder(folder);
        var files = Images(full);
        if (files.Count == 0)
            throw new InvalidDataException($"'{folder}' holds no image files ({string.Join(", ", Extensions)}).");
        var rows = files.Select(f => new ImageListRow { ImagePath = f }).ToList();
        return new InputSet(rows, null, full, []);
    }

    /// <summary>
    /// Images in the subfolders of <paramref name="folder"/>, one subfolder per class (named after it), classes and files
    /// sorted by name (ordinal); error if no subfolder holds an image.
    /// </summary>
    public static InputSet ByClassFolder(string folder)
    {
        string full = RequireFolder(folder);
        var rows = new List<ImageListRow>();
        var classes = new List<string>();
        foreach (var sub in Directory.GetDirectories(full).OrderBy(d => d, StringComparer.Ordinal))
        {
            var files = Images(sub);
            if (files.Count == 0) continue;
            string name = Path.GetFileName(sub);
            classes.Add(name);
            rows.AddRange(files.Select(f => new ImageListRow { ImagePath = f, ClassName = name }));
        }
        if (rows.Count == 0)
            throw new InvalidDataException($"'{folder}' has no class subfolder with image files ({string.Join(", ", Extensions)}); " +
                                           "training from a folder needs one subfolder per class.");
        return new InputSet(rows, classes, full, []);
    }

    private static string RequireFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Image folder not found: '{folder}'.");
        return Path.GetFullPath(folder);
    }

    private static List<string> Images(string folder) => Directory.GetFiles(folder)
        .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
        .OrderBy(f => f, StringComparer.Ordinal)
        .ToList();
}
