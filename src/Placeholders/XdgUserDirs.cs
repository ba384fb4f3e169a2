namespace AeUpdater.Placeholders;

/// <summary>Reads <c>user-dirs.dirs</c> (xdg-user-dirs): lines <c>XDG_NAME_DIR="$HOME/Folder"</c> or an absolute path.</summary>
internal static class XdgUserDirs
{
    private const string Prefix = "XDG_";
    private const string Suffix = "_DIR";
    private const string HomeVariable = "$HOME";

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
        if (text.Length == 0 || text[0] == '#' || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq < Prefix.Length + 1 + Suffix.Length || !text.AsSpan(0, eq).EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        name = text[Prefix.Length..(eq - Suffix.Length)];
        if (!TryParseValue(text[(eq + 1)..], home, out path))
        {
            name = "";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Parses a value (from the file or an <c>XDG_NAME_DIR</c> variable): optional double quotes, then <c>$HOME</c>,
    /// <c>$HOME/...</c> or an absolute path. Relative values give <see langword="false"/>.
    /// </summary>
    public static bool TryParseValue(string raw, string home, out string path)
    {
        path = "";
        var value = raw.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (value == HomeVariable)
        {
            path = home;
        }
        else if (value.StartsWith(HomeVariable + "/", StringComparison.Ordinal))
        {
            path = PathText.Join(home, value[(HomeVariable.Length + 1)..]);
        }
        else if (value.StartsWith('/'))
        {
            path = value;
        }
        else
        {
            return false;
        }

        path = PathText.Clean(path);
        return true;
    }
}
