namespace AeUpdater.Placeholders;

/// <summary>Reads <c>user-dirs.dirs</c> (xdg-user-dirs): lines <c>XDG_NAME_DIR="$HOME/Folder"</c> or an absolute path.</summary>
internal static class XdgUserDirs
{
    /// <summary>The file's entries by name (<c>DOCUMENTS</c>, <c>DOWNLOAD</c>, ...); empty when the file is missing or unreadable.</summary>
    public static Dictionary<string, string> Read(PlaceholderEnvironment env, string configHome, string home)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var file = Path.Join(configHome, "user-dirs.dirs");
        string[] lines;
        try
        {
            if (!env.FileExists(file))
            {
                return result;
            }

            lines = env.ReadAllLines(file);
        }
        catch (IOException)
        {
            return result;
        }
        catch (UnauthorizedAccessException)
        {
            return result;
        }

        foreach (var line in lines)
        {
            if (TryParseLine(line, home, out var name, out var path))
            {
                result[name] = path;
            }
        }

        return result;
    }

    /// <summary>Parses one line; comments, malformed lines and relative paths (which the format forbids) give <see langword="false"/>.</summary>
    public static bool TryParseLine(string line, string home, out string name, out string path)
    {
        name = path = "";
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#' || !text.StartsWith("XDG_", StringComparison.Ordinal))
        {
            return false;
        }

        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq < 0 || !text.AsSpan(0, eq).EndsWith("_DIR", StringComparison.Ordinal))
        {
            return false;
        }

        name = text[4..(eq - 4)];
        var value = text[(eq + 1)..].Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (value == "$HOME")
        {
            path = home;
        }
        else if (value.StartsWith("$HOME/", StringComparison.Ordinal))
        {
            path = Path.Join(home, value["$HOME/".Length..]);
        }
        else if (value.StartsWith('/'))
        {
            path = value;
        }
        else
        {
            return false;
        }

        path = Path.TrimEndingDirectorySeparator(path);
        return name.Length > 0;
    }
}
