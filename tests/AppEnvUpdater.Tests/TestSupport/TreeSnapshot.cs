using System.Security.Cryptography;

namespace AeUpdater.Tests.TestSupport;

/// <summary>Every entry below a folder (links not followed): kind, link target, Unix mode, content hash; equal snapshots = byte-identical trees.</summary>
public static class TreeSnapshot
{
    public static IReadOnlyList<string> Take(string root)
    {
        var entries = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            var info = new FileInfo(path);
            var relative = Path.GetRelativePath(root, path);
            var mode = OperatingSystem.IsWindows() ? "" : info.UnixFileMode.ToString();
            if (info.LinkTarget is { } target)
            {
                entries.Add($"{relative} -> {target}");
            }
            else if (Directory.Exists(path))
            {
                entries.Add($"{relative}/ {mode}");
            }
            else if (info.Attributes.HasFlag(FileAttributes.Normal) || info.Attributes.HasFlag(FileAttributes.Archive) || info.Exists)
            {
                entries.Add($"{relative} {mode} {info.Length} {Hash(path)}");
            }
        }

        entries.Sort(StringComparer.Ordinal);
        return entries;
    }

    private static string Hash(string path)
    {
        try
        {
            using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, Options = FileOptions.None });
            return stream.CanSeek ? Convert.ToHexString(SHA256.HashData(stream)) : "special";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
