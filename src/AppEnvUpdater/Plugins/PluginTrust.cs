namespace AeUpdater.Plugins;

/// <summary>
/// Decides whether a plugin may run on Unix: a plugin is code run at every start of the app, so a file or folder
/// that another user can write or owns lets that user run code as this one.
/// </summary>
internal static class PluginTrust
{
    /// <summary>The uid of root, whose files are accepted.</summary>
    internal const uint RootUserId = 0;

    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Checks every path of <paramref name="plugin"/> (see <see cref="LocatedPlugin.TrustPaths"/>); on Windows nothing is checked.</summary>
    /// <param name="plugin">The plugin.</param>
    /// <param name="problem">Why it is refused, naming the path.</param>
    /// <returns>Whether it may run.</returns>
    public static bool IsTrusted(LocatedPlugin plugin, out string? problem)
    {
        problem = null;
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        uint euid;
        try
        {
            euid = UnixFileOwner.EffectiveUserId();
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or EntryPointNotFoundException or DllNotFoundException)
        {
            problem = $"cannot check who owns the plugin on this system ({ex.Message})";
            return false;
        }

        IReadOnlyList<string> paths;
        try
        {
            paths = plugin.TrustPaths();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot list the plugin's files: {ex.Message}";
            return false;
        }

        foreach (var path in paths)
        {
            problem = CheckPath(path, euid);
            if (problem is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks one file or folder against <paramref name="effectiveUserId"/>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="effectiveUserId">The user the plugin would run as.</param>
    /// <returns>The problem, naming the path, or <see langword="null"/> when it is trusted.</returns>
    internal static string? CheckPath(string path, uint effectiveUserId)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        try
        {
            if (!info.Exists)
            {
                return $"{path} disappeared while it was checked";
            }

            if (info.LinkTarget is not null)
            {
                return $"{path} is a symbolic link; a plugin's files and folders must be real ones";
            }

            var modeProblem = CheckMode(info.UnixFileMode);
            if (modeProblem is not null)
            {
                return $"{path} is {modeProblem}";
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot read the permissions of {path}: {ex.Message}";
        }

        if (!UnixFileOwner.TryGetOwner(path, out var owner, out var error))
        {
            return error;
        }

        return IsAcceptableOwner(owner, effectiveUserId)
            ? null
            : $"{path} is owned by uid {owner}, not by this process's user (uid {effectiveUserId}) nor root";
    }

    /// <summary>Whether a file owned by <paramref name="owner"/> may be run by <paramref name="effectiveUserId"/>: its own files and root's.</summary>
    /// <param name="owner">The file's owner.</param>
    /// <param name="effectiveUserId">The process's effective user.</param>
    /// <returns>Whether the owner is acceptable.</returns>
    internal static bool IsAcceptableOwner(uint owner, uint effectiveUserId) =>
        owner == effectiveUserId || owner == RootUserId;

    /// <summary>Says who else than the owner can write with <paramref name="mode"/>.</summary>
    /// <param name="mode">The permission bits.</param>
    /// <returns>The problem (e.g. <c>writable by its group (mode 775)</c>), or <see langword="null"/>.</returns>
    internal static string? CheckMode(UnixFileMode mode)
    {
        var who = (mode & GroupOrOthersWrite) switch
        {
            GroupOrOthersWrite => "its group and by others",
            UnixFileMode.GroupWrite => "its group",
            UnixFileMode.OtherWrite => "others",
            _ => null,
        };
        return who is null ? null : $"writable by {who} (mode {Convert.ToString((int)mode, 8)})";
    }
}
