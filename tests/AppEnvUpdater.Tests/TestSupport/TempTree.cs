using System.Text;

namespace AeUpdater.Tests.TestSupport;

/// <summary>A disposable temporary folder with a fluent API to lay out files: <c>TempTree.Create().File("a/b.txt", "x")</c>.</summary>
public sealed class TempTree : IDisposable
{
    private TempTree(string path)
    {
        Root = path;
    }

    /// <summary>The folder (absolute).</summary>
    public string Root { get; }

    /// <summary>Creates an empty temporary folder under <paramref name="parent"/> (default: the system temp folder).</summary>
    public static TempTree Create(string? parent = null)
    {
        var path = Path.Join(parent ?? Path.GetTempPath(), "aeupd-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return new TempTree(Path.GetFullPath(path));
    }

    /// <summary>The absolute path of <paramref name="relative"/> (with <c>/</c> separators).</summary>
    public string PathOf(string relative) => Path.GetFullPath(Path.Join(Root, relative));

    /// <summary>Writes a file (creating folders), returns the tree.</summary>
    public TempTree File(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content, Encoding.UTF8);
        return this;
    }

    /// <summary>Creates a folder, returns the tree.</summary>
    public TempTree Dir(string relative)
    {
        Directory.CreateDirectory(PathOf(relative));
        return this;
    }

    /// <summary>Creates a symbolic link at <paramref name="relative"/> pointing to <paramref name="target"/>, returns the tree.</summary>
    public TempTree Link(string relative, string target)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return this;
    }

    /// <summary>Reads a file's text.</summary>
    public string Read(string relative) => System.IO.File.ReadAllText(PathOf(relative), Encoding.UTF8);

    /// <summary>Whether a file exists there.</summary>
    public bool Exists(string relative) => System.IO.File.Exists(PathOf(relative));

    /// <summary>Whether a folder exists there.</summary>
    public bool DirExists(string relative) => Directory.Exists(PathOf(relative));

    /// <summary>Every file below the root (relative, <c>/</c> separators, sorted), hidden ones included.</summary>
    public IReadOnlyList<string> AllFiles() =>
        [.. Directory.EnumerateFiles(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                if (!OperatingSystem.IsWindows())
                {
                    ReadOnlyFolder.Release(dir);
                }
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
