namespace AeUpdater.Placeholders;

/// <summary>Platform ids as used by <c>OnOS__</c> folder-name arguments (Python's <c>sys.platform</c> spelling).</summary>
public static class PlatformIds
{
    /// <summary>Linux (not Android).</summary>
    public const string Linux = "linux";

    /// <summary>Windows, 32- and 64-bit.</summary>
    public const string Windows = "win32";

    /// <summary>macOS.</summary>
    public const string MacOS = "darwin";

    /// <summary>Android.</summary>
    public const string Android = "android";

    /// <summary>iOS (and Mac Catalyst).</summary>
    public const string IOS = "ios";

    /// <summary>FreeBSD; Python writes it with the major version appended (<c>freebsd14</c>), which matches too.</summary>
    public const string FreeBsd = "freebsd";

    /// <summary>Every platform id AeUpdater knows.</summary>
    public static IReadOnlyList<string> All { get; } = [Linux, Windows, MacOS, Android, IOS, FreeBsd];

    /// <summary>Detects the id of the platform this process runs on.</summary>
    /// <returns>One of <see cref="All"/>, or <c>unknown</c> on a platform none of them names.</returns>
    public static string Detect()
    {
        if (OperatingSystem.IsAndroid())
        {
            return Android;
        }

        if (OperatingSystem.IsIOS() || OperatingSystem.IsMacCatalyst())
        {
            return IOS;
        }

        if (OperatingSystem.IsMacOS())
        {
            return MacOS;
        }

        if (OperatingSystem.IsWindows())
        {
            return Windows;
        }

        if (OperatingSystem.IsFreeBSD())
        {
            return FreeBsd;
        }

        return OperatingSystem.IsLinux() ? Linux : "unknown";
    }

    /// <summary>Reduces an id to its canonical form: <c>freebsd</c> followed by digits becomes <c>freebsd</c>.</summary>
    /// <param name="id">A platform id.</param>
    /// <returns>The canonical id; other ids unchanged.</returns>
    public static string Canonical(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        // CharScan, not a span search: every start resolves its platform through here, and MemoryExtensions would load the
        // System.Memory facade for this alone (docs/performance.md, "First call: sixth round").
        if (id.Length > FreeBsd.Length
            && id.StartsWith(FreeBsd, StringComparison.Ordinal)
            && CharScan.IndexOfAnyExceptAsciiDigit(id, FreeBsd.Length) < 0)
        {
            return FreeBsd;
        }

        return id;
    }

    /// <summary>Whether a folder's <c>OnOS__</c> value applies to <paramref name="current"/>: exact, case-sensitive, with <c>freebsd&lt;digits&gt;</c> matching <c>freebsd</c>.</summary>
    /// <param name="value">The value written in the folder name.</param>
    /// <param name="current">The id of the running platform (detected or overridden).</param>
    /// <returns><see langword="true"/> when the folder applies.</returns>
    public static bool Matches(string value, string current)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(current);
        return string.Equals(Canonical(value), Canonical(current), StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="id"/> is one of <see cref="All"/> (after <see cref="Canonical"/>).</summary>
    /// <param name="id">A platform id.</param>
    /// <returns><see langword="true"/> for a known id.</returns>
    public static bool IsKnown(string id) => All.Contains(Canonical(id), StringComparer.Ordinal);
}
