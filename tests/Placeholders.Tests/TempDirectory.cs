namespace AeUpdater.Placeholders.Tests;

/// <summary>A real, disposable temporary directory; files are written below it, never anywhere else.</summary>
internal sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path)
    {
        Path = path;
    }

    /// <summary>The absolute path of the directory (no trailing separator).</summary>
    public string Path { get; }

    /// <summary>Creates a new, empty temporary directory.</summary>
    public static TempDirectory Create()
    {
        var path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "aeupdater-ph-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new TempDirectory(System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path)));
    }

    /// <summary>Joins <paramref name="parts"/> (written with <c>/</c>) below the directory.</summary>
    public string Combine(params string[] parts) =>
        System.IO.Path.GetFullPath(System.IO.Path.Join([Path, .. parts]));

    /// <summary>Writes a file (creating its folders) and returns this, for chaining.</summary>
    public TempDirectory File(string relativePath, string content)
    {
        var full = Combine(relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Creates a folder and returns this, for chaining.</summary>
    public TempDirectory Folder(string relativePath)
    {
        Directory.CreateDirectory(Combine(relativePath));
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
