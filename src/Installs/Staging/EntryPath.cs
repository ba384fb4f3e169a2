namespace AeUpdater.Installs.Staging;

/// <summary>Checks a relative path from a source (a folder's file or an archive's entry) before anything is written for it.</summary>
internal static class EntryPath
{
    /// <summary>The longest relative path accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>The longest single name accepted, in UTF-8 bytes (the usual file-system limit).</summary>
    public const int MaxNameBytes = 255;

    /// <summary>
    /// Normalizes <paramref name="name"/> (<c>/</c> separators, a leading <c>./</c> and a trailing <c>/</c> dropped);
    /// refuses absolute paths, <c>..</c>, empty or <c>.</c> segments inside, backslashes, control characters and
    /// over-long paths or names. An empty result (the archive's own <c>./</c>) is valid.
    /// </summary>
    public static bool TryNormalize(string name, out string normalized, out string? error)
    {
        normalized = "";
        error = null;
        if (name.Length > MaxLength)
        {
            error = $"its path is longer than {MaxLength} characters";
            return false;
        }

        foreach (var ch in name)
        {
            if (char.IsControl(ch))
            {
                error = "its path contains a control character";
                return false;
            }

            if (ch == '\\')
            {
                error = "its path contains a backslash";
                return false;
            }
        }

        if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':'))
        {
            error = "its path is absolute";
            return false;
        }

        var trimmed = name;
        while (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        trimmed = trimmed.TrimEnd('/');
        if (trimmed is "" or ".")
        {
            return true;
        }

        foreach (var segment in trimmed.Split('/'))
        {
            if (segment == "..")
            {
                error = "its path contains '..'";
                return false;
            }

            if (segment is "" or ".")
            {
                error = "its path contains an empty or '.' segment";
                return false;
            }

            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
            {
                error = $"a name in its path is longer than {MaxNameBytes} bytes";
                return false;
            }
        }

        normalized = trimmed;
        return true;
    }
}
