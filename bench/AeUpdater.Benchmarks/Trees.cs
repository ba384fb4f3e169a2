namespace AeUpdater.Benchmarks;

/// <summary>Generates the benchmark trees: drop-in folders full of small or large files, and unrelated clutter.</summary>
internal static class Trees
{
    /// <summary>Creates a fresh, empty temporary folder for one benchmark (under <c>BENCH_TMP</c> when set).</summary>
    public static string CreateTempRoot(string label)
    {
        var parent = Environment.GetEnvironmentVariable("BENCH_TMP") is { Length: > 0 } configured ? configured : Path.GetTempPath();
        var path = Path.Join(parent, $"aeupd-bench-{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Writes <paramref name="files"/> small files spread evenly over <paramref name="folders"/> sub-folders of
    /// <paramref name="dropIn"/> (<c>d000/f00000.txt</c> …).
    /// </summary>
    public static void SmallFiles(string dropIn, int files, int folders, int bytes = 64)
    {
        var content = new byte[bytes];
        Array.Fill(content, (byte)'x');
        var perFolder = (files + folders - 1) / folders;
        for (var i = 0; i < files; i++)
        {
            var dir = Path.Join(dropIn, $"d{i / perFolder:D3}");
            if (i % perFolder == 0)
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllBytes(Path.Join(dir, $"f{i:D6}.txt"), content);
        }
    }

    /// <summary>Writes <paramref name="count"/> files of <paramref name="mebibytes"/> MiB each (non-zero data, no holes).</summary>
    public static void LargeFiles(string dropIn, int count, int mebibytes)
    {
        Directory.CreateDirectory(dropIn);
        var block = new byte[1 << 20];
        new Random(42).NextBytes(block);
        for (var i = 0; i < count; i++)
        {
            using var stream = new FileStream(Path.Join(dropIn, $"big{i}.bin"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 0);
            for (var m = 0; m < mebibytes; m++)
            {
                stream.Write(block);
            }
        }
    }

    /// <summary>A root with no drop-in folder: <paramref name="count"/> unrelated folders (each with a file) and <paramref name="count"/> files.</summary>
    public static void Clutter(string root, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var dir = Path.Join(root, $"folder{i:D2}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Join(dir, "readme.txt"), "unrelated");
            File.WriteAllText(Path.Join(root, $"file{i:D2}.txt"), "unrelated");
        }
    }

    /// <summary>Deletes a folder tree if it exists.</summary>
    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
