using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Plugins;

/// <summary>
/// The trust rule on Unix: a plugin is code run at every start of the app, so a file or folder that another user can
/// write or owns lets that user run code as this one. <see cref="PluginImage"/> applies it to open handles.
/// </summary>
internal static class PluginTrust
{
    /// <summary>The uid of root, whose files are accepted.</summary>
    internal const uint RootUserId = 0;

    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Checks what an open handle says about <paramref name="path"/>: the expected type (a folder, or a regular file),
    /// not writable by its group or others, owned by <paramref name="effectiveUserId"/> or root. The sticky bit does not
    /// make a folder others can write acceptable.
    /// </summary>
    /// <param name="path">The path, named in the problem.</param>
    /// <param name="status">What <c>fstat</c> said about the open handle.</param>
    /// <param name="effectiveUserId">The user the plugin would run as.</param>
    /// <param name="expectDirectory">Whether a folder is expected.</param>
    /// <returns>The problem, naming the path, or <see langword="null"/> when it is trusted.</returns>
    internal static string? CheckOpened(string path, UnixHandle.Status status, uint effectiveUserId, bool expectDirectory)
    {
        var kind = status.Kind;
        if (expectDirectory ? kind != UnixHandle.Kind.Directory : kind != UnixHandle.Kind.File)
        {
            return kind == UnixHandle.Kind.Link
                ? $"{path} is a symbolic link; a plugin's files and folders must be real ones"
                : $"{path} is not a {(expectDirectory ? "folder" : "regular file")}";
        }

        var modeProblem = CheckMode(status.Permissions);
        if (modeProblem is not null)
        {
            return $"{path} is {modeProblem}";
        }

        return IsAcceptableOwner(status.Owner, effectiveUserId)
            ? null
            : $"{path} is owned by uid {status.Owner}, not by this process's user (uid {effectiveUserId}) nor root";
    }

    /// <summary>Opens <paramref name="path"/> without following a symbolic link and checks it as <see cref="CheckOpened"/> does.</summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="effectiveUserId">The user the plugin would run as.</param>
    /// <returns>The problem, naming the path, or <see langword="null"/> when it is trusted (always on Windows).</returns>
    internal static string? CheckPath(string path, uint effectiveUserId)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        SafeFileHandle handle;
        int errno;
        if (folder is null)
        {
            if (!UnixHandle.TryOpenDirectory(full, follow: false, out handle, out errno))
            {
                return $"{path} {UnixHandle.Describe(errno, asDirectory: true)}";
            }
        }
        else
        {
            if (!UnixHandle.TryOpenDirectory(folder, follow: true, out var parent, out errno))
            {
                return $"{folder} {UnixHandle.Describe(errno, asDirectory: true)}";
            }

            using (parent)
            {
                if (!UnixHandle.TryOpenAt(parent, Path.GetFileName(full), asDirectory: false, follow: false, out handle, out errno))
                {
                    return $"{path} {UnixHandle.Describe(errno, asDirectory: false)}";
                }
            }
        }

        using (handle)
        {
            return UnixHandle.TryStat(handle, out var status, out errno)
                ? CheckOpened(path, status, effectiveUserId, expectDirectory: status.Kind == UnixHandle.Kind.Directory)
                : $"cannot read the owner and permissions of {path} (errno {errno})";
        }
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
