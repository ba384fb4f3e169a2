namespace AeUpdater.Placeholders;

/// <summary>The ids of the built-in placeholders (written <c>{id}</c> inside a path).</summary>
public static class PlaceholderIds
{
    /// <summary>User data / preferences folder.</summary>
    public const string Usr = "usr";

    /// <summary>This app's data folder: <c>{usr}/&lt;app_name&gt;</c>.</summary>
    public const string App = "app";

    /// <summary>User documents folder.</summary>
    public const string Doc = "doc";

    /// <summary>This app's documents folder: <c>{doc}/&lt;app_name&gt;</c>.</summary>
    public const string Ado = "ado";

    /// <summary>Current directory of the process when the map was built.</summary>
    public const string Cwd = "cwd";

    /// <summary>The app's name (not a path).</summary>
    public const string AppName = "app_name";

    /// <summary>The user's home folder.</summary>
    public const string Home = "home";

    /// <summary>The user's documents folder (common storage).</summary>
    public const string Documents = "documents";

    /// <summary>The user's downloads folder.</summary>
    public const string Downloads = "downloads";

    /// <summary>The user's pictures folder.</summary>
    public const string Pictures = "pictures";

    /// <summary>The user's music folder.</summary>
    public const string Music = "music";

    /// <summary>The user's videos folder (<c>~/Movies</c> on macOS).</summary>
    public const string Videos = "videos";

    /// <summary>The user's desktop folder.</summary>
    public const string Desktop = "desktop";

    /// <summary>The built-in ids, in the order the map lists them.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = Array.AsReadOnly(BuiltInArray);

    /// <summary>The built-in ids, in the order the map lists them.</summary>
    internal static string[] BuiltInArray => [AppName, Usr, App, Doc, Ado, Cwd, Home, Documents, Downloads, Pictures, Music, Videos, Desktop];

    /// <summary>Whether <paramref name="id"/> is a well-formed id: a letter or <c>_</c>, then letters, digits or <c>_</c>.</summary>
    /// <param name="id">The candidate id.</param>
    /// <returns><see langword="true"/> when it can be written as <c>{id}</c>.</returns>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || !(char.IsAsciiLetter(id[0]) || id[0] == '_'))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }
}
