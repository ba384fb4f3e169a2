namespace AeUpdater.Tests.TestSupport;

/// <summary>
/// A fresh temporary folder built fluently (<c>TempTree.Create().File("a/b.txt", "x")</c>) that deletes itself on
/// <see cref="Dispose"/>. Paths are relative to <see cref="Root"/> and use <c>/</c>.
/// </summary>
public sealed class TempTree : IDisposable
{
    private TempTree(string root) => Root = root;

    /// <summary>The tree's folder (absolute, fully resolved).</summary>
    public string Root { get; }

    /// <summary>Creates an empty tree under <paramref name="parent"/> (default: the system's temporary folder).</summary>
    public static TempTree Create(string? parent = null)
    {
        if (parent is null)
        {
            return new(Path.GetFullPath(Directory.CreateTempSubdirectory("aeupdater-tests-").FullName));
        }

        var path = Path.Join(parent, "aeupdater-tests-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new(Path.GetFullPath(path));
    }

    /// <summary>The absolute path of <paramref name="relativePath"/> in the tree (nothing is created).</summary>
    public string PathOf(string relativePath) =>
        Path.GetFullPath(Path.Join(Root, relativePath.Replace('/', Path.DirectorySeparatorChar)));

    /// <summary>The absolute path of <paramref name="relativePath"/> in the tree, as <see cref="PathOf"/>.</summary>
    public string this[string relativePath] => PathOf(relativePath);

    /// <summary>Writes a text file (default content <c>x</c>), creating its folders.</summary>
    public TempTree File(string relativePath, string content = "x")
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Writes a binary file, creating its folders.</summary>
    public TempTree File(string relativePath, byte[] content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return this;
    }

    /// <summary>Creates a folder (and its parents).</summary>
    public TempTree Folder(string relativePath)
    {
        Directory.CreateDirectory(PathOf(relativePath));
        return this;
    }

    /// <summary>Creates a symbolic link at <paramref name="relativePath"/> pointing to <paramref name="target"/>.</summary>
    public TempTree Link(string relativePath, string target)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return this;
    }

    /// <summary>Copies every file under <paramref name="sourceFolder"/> into <paramref name="relativePath"/> (empty: the root).</summary>
    public TempTree CopyFrom(string sourceFolder, string relativePath = "")
    {
        var destination = PathOf(relativePath);
        foreach (var file in Directory.EnumerateFiles(sourceFolder, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(destination, Path.GetRelativePath(sourceFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            System.IO.File.Copy(file, target, overwrite: true);
        }

        return this;
    }

    /// <summary>Whether a file exists at <paramref name="relativePath"/>.</summary>
    public bool FileExists(string relativePath) => System.IO.File.Exists(PathOf(relativePath));

    /// <summary>Whether a folder exists at <paramref name="relativePath"/>.</summary>
    public bool FolderExists(string relativePath) => Directory.Exists(PathOf(relativePath));

    /// <summary>Reads a text file.</summary>
    public string ReadText(string relativePath) => System.IO.File.ReadAllText(PathOf(relativePath));

    /// <summary>Every file below the root (relative, <c>/</c> separators, sorted), hidden ones included.</summary>
    public IReadOnlyList<string> AllFiles() =>
        [.. Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>Deletes the tree (giving back write permission first, where a test took it away).</summary>
    public void Dispose()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            foreach (var folder in Directory.EnumerateDirectories(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Prepend(Root))
            {
                ReadOnlyFolder.Release(folder);
                System.IO.File.SetUnixFileMode(folder, System.IO.File.GetUnixFileMode(folder) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Directory.Delete(Root, recursive: true);
    }
}
