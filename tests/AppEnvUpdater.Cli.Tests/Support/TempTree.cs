namespace AeUpdater.Cli.Tests.Support;

/// <summary>A disposable temporary folder with a fluent way to put files in it.</summary>
public sealed class TempTree : IDisposable
{
    private TempTree(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public static TempTree Create()
    {
        var root = Path.Combine(Path.GetTempPath(), "aeupdater-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        return new TempTree(Path.GetFullPath(root));
    }

    public string this[string relative] => Path.GetFullPath(Path.Combine(Root, relative));

    public TempTree File(string relative, string content = "x")
    {
        var path = this[relative];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    public TempTree Folder(string relative)
    {
        Directory.CreateDirectory(this[relative]);
        return this;
    }

    public string Read(string relative) => System.IO.File.ReadAllText(this[relative]);

    public bool Exists(string relative) => System.IO.File.Exists(this[relative]);

    public void Dispose()
    {
        try
        {
            foreach (var entry in new DirectoryInfo(Root).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            {
                entry.Attributes &= ~FileAttributes.ReadOnly;
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
