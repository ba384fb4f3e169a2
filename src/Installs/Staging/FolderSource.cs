namespace AeUpdater.Installs.Staging;

/// <summary>A version given as a folder: every regular file under it (symbolic links and special files are refused).</summary>
internal static class FolderSource
{
    /// <summary>Checks the whole folder first (nothing is written when it is refused), then copies it into <paramref name="writer"/>.</summary>
    public static string? Copy(string source, StagingWriter writer, CancellationToken cancellationToken)
    {
        var files = new List<(string Relative, string Full)>();
        var folders = new List<string>();
        var pending = new Stack<string>();
        pending.Push(source);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(source, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (!EntryPath.TryNormalize(relative, out var normalized, out var error))
                {
                    return $"'{entry.FullName}' is refused: {error}";
                }

                if (entry.LinkTarget is not null)
                {
                    return $"'{entry.FullName}' is a symbolic link; a version ships regular files only";
                }

                if (entry is DirectoryInfo)
                {
                    folders.Add(normalized);
                    pending.Push(entry.FullName);
                }
                else if (!Native.FileType.IsRegularFile(entry.FullName))
                {
                    return $"'{entry.FullName}' is not a regular file";
                }
                else
                {
                    files.Add((normalized, entry.FullName));
                }
            }
        }

        folders.Sort(StringComparer.Ordinal);
        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        foreach (var folder in folders)
        {
            writer.Directory(folder);
        }

        foreach (var (relative, full) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var input = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : StagingWriter.NormalizeMode(File.GetUnixFileMode(input.SafeFileHandle));
            writer.File(relative, input, mode, cancellationToken);
        }

        return null;
    }
}
