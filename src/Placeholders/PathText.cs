namespace AeUpdater.Placeholders;

/// <summary>Small path helpers that respect the style of the path they extend (Windows paths on a Unix host stay Windows paths).</summary>
internal static class PathText
{
    /// <summary>Joins <paramref name="parts"/> to <paramref name="root"/> with the root's separator style.</summary>
    public static string Join(string root, params string[] parts)
    {
        if (Path.DirectorySeparatorChar == '\\' || !IsWindowsStyle(root))
        {
            return Path.Join([root, .. parts]);
        }

        var joined = root.TrimEnd('\\');
        foreach (var part in parts)
        {
            joined += "\\" + part;
        }

        return joined;
    }

    /// <summary>Whether <paramref name="path"/> is absolute on this host, or a Windows drive or UNC path (<c>C:\x</c>, <c>\\server\share</c>).</summary>
    public static bool IsAbsolute(string path) =>
        Path.IsPathRooted(path) || IsWindowsDrivePath(path) || path.StartsWith(@"\\", StringComparison.Ordinal);

    /// <summary>A fully qualified path of this host is made canonical (no <c>.</c>, <c>..</c>, duplicate or trailing separators); anything else is kept as it is.</summary>
    public static string Clean(string path) =>
        Path.IsPathFullyQualified(path) ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)) : path;

    private static bool IsWindowsStyle(string path) =>
        (IsWindowsDrivePath(path) || path.StartsWith(@"\\", StringComparison.Ordinal)) && !CharScan.Contains(path, '/');

    private static bool IsWindowsDrivePath(string path) =>
        path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/';
}
