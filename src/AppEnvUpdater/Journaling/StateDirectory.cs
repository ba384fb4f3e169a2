namespace AeUpdater.Journaling;

/// <summary>
/// Decides, before the lock is taken and before anything is written, whether a state directory can be used, and says
/// exactly what is wrong when it cannot: a symbolic link (never followed), a file, a folder of another user or one
/// others can write, not writable (permissions, a read-only mount), a full disk, or <c>lock</c>, <c>journal.jsonl</c>,
/// <c>plugins.jsonl</c> that are not regular files. Nothing on disk is changed by a refusal.
/// </summary>
internal static class StateDirectory
{
    /// <summary>A run needs at least this much free space where the state directory is (journal and ledger records).</summary>
    public const long MinimumFreeBytes = 32 * 1024;

    /// <summary>Checks <paramref name="directory"/> and creates it when missing and <paramref name="create"/>; <see langword="null"/> when it can be used.</summary>
    /// <param name="directory">The state directory (absolute).</param>
    /// <param name="create">Whether a missing directory is created (a real run) or left missing (a dry run: reads only).</param>
    /// <returns>The reason it cannot be used, or <see langword="null"/>.</returns>
    public static string? Prepare(string directory, bool create)
    {
        try
        {
            return StateNative.IsSupported ? PrepareUnix(directory, create) : PrepareManaged(directory, create);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the state directory '{directory}' cannot be used: {e.Message}; nothing was changed";
        }
    }

    private static string? PrepareUnix(string directory, bool create)
    {
        if (!StateNative.TryGetPathType(directory, out var kind, out var owner, out var errno))
        {
            if (errno != StateNative.ENOENT)
            {
                return Refused(directory, Explain(errno));
            }

            if (!create)
            {
                return null; // a dry run reads nothing that is not there
            }

            var parentProblem = CheckCreatable(directory);
            if (parentProblem is not null)
            {
                return parentProblem;
            }

            // 0755 at most, whatever the umask: a folder others can write would be refused just below.
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }

            if (!StateNative.TryGetPathType(directory, out kind, out owner, out errno))
            {
                return Refused(directory, Explain(errno));
            }
        }

        if (kind == FileKind.SymbolicLink)
        {
            var target = new DirectoryInfo(directory).LinkTarget;
            return Refused(directory, $"it is a symbolic link (to '{target}'), which AeUpdater never follows; configure the real folder instead");
        }

        if (kind != FileKind.Directory)
        {
            return Refused(directory, $"it is {Describe(kind)}, not a folder");
        }

        var me = StateNative.EffectiveUserId();
        if (owner != me)
        {
            return Refused(directory, $"it belongs to user id {owner}, not to this process's user (id {me}); a state directory must be the app user's own");
        }

        var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(directory);
        if ((mode & UnixFileMode.OtherWrite) != 0 && (mode & UnixFileMode.StickyBit) == 0)
        {
            return Refused(directory, "other users can write it (mode o+w), so they could forge its journal or plugin ledger; remove that permission (chmod o-w)");
        }

        if (create && !StateNative.CanWrite(directory, out errno))
        {
            return Refused(directory, Explain(errno));
        }

        foreach (var (name, what) in Files)
        {
            var problem = CheckFile(directory, name, what, create);
            if (problem is not null)
            {
                return problem;
            }
        }

        return create ? CheckFreeSpace(directory) : null;
    }

    private static readonly (string Name, string What)[] Files =
    [
        (StateLock.FileName, "the lock file"),
        (FileJournal.JournalFileName, "the journal"),
        (FileJournal.PluginsFileName, "the plugin ledger"),
    ];

    private static string? CheckFile(string directory, string name, string what, bool write)
    {
        var path = Path.Join(directory, name);
        if (!StateNative.TryGetPathType(path, out var kind, out _, out var errno))
        {
            return errno == StateNative.ENOENT ? null : Refused(directory, $"{what} '{path}' cannot be examined: {StateNative.Message(errno)}");
        }

        if (name == FileJournal.JournalFileName && kind != FileKind.Directory)
        {
            // Never opened through a link or for a blocking read (skipped with a warning when loaded), and replaced by
            // the next run's journal: a rename replaces the link or special file itself, never what it points to.
            return null;
        }

        if (kind == FileKind.SymbolicLink)
        {
            return Refused(directory, $"{what} '{path}' is a symbolic link, which AeUpdater never follows; remove it");
        }

        if (kind != FileKind.Regular)
        {
            return Refused(directory, $"{what} '{path}' is {Describe(kind)}, not a regular file; remove it");
        }

        if (name == StateLock.FileName && !write)
        {
            return null; // a dry run takes no lock
        }

        // The lock must open for writing; the ledger must be readable, or one-shot plugins would lose their records.
        using var handle = name == StateLock.FileName ? StateNative.OpenWrite(path, create: false, out errno) : StateNative.OpenRead(path, out errno);
        return handle is null ? Refused(directory, $"{what} '{path}' cannot be opened: {StateNative.Message(errno)}") : null;
    }

    private static string? CheckCreatable(string directory)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
        while (parent is not null)
        {
            if (StateNative.TryGetPathType(parent, out var kind, out _, out var errno))
            {
                if (kind == FileKind.Directory || (kind == FileKind.SymbolicLink && Directory.Exists(parent)))
                {
                    // An existing ancestor (a link there is part of the path the user configured).
                    if (!StateNative.CanWrite(parent, out errno))
                    {
                        return Refused(directory, $"it does not exist and cannot be created in '{parent}': {StateNative.Message(errno)}");
                    }

                    return CheckFreeSpace(parent, directory);
                }

                return Refused(directory, $"it cannot be created: '{parent}' is {Describe(kind)}, not a folder");
            }

            if (errno != StateNative.ENOENT)
            {
                return Refused(directory, $"it cannot be created: '{parent}': {StateNative.Message(errno)}");
            }

            parent = Path.GetDirectoryName(parent);
        }

        return null;
    }

    private static string? CheckFreeSpace(string existing, string? directory = null)
    {
        long free;
        try
        {
            free = new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null; // the free space cannot be read here; writes will say it if the disk is full
        }

        return free < MinimumFreeBytes
            ? Refused(directory ?? existing, $"the disk is full ({free} bytes free where it is; a run needs at least {MinimumFreeBytes / 1024} KiB for its journal)")
            : null;
    }

    private static string? PrepareManaged(string directory, bool create)
    {
        var info = new DirectoryInfo(directory);
        if (info.LinkTarget is not null)
        {
            return Refused(directory, $"it is a symbolic link or junction (to '{info.LinkTarget}'), which AeUpdater never follows; configure the real folder instead");
        }

        if (File.Exists(directory))
        {
            return Refused(directory, "it is a file, not a folder");
        }

        if (!info.Exists)
        {
            if (!create)
            {
                return null;
            }

            Directory.CreateDirectory(directory);
        }

        foreach (var (name, what) in Files)
        {
            var path = Path.Join(directory, name);
            var file = new FileInfo(path);
            if (file.LinkTarget is not null)
            {
                return Refused(directory, $"{what} '{path}' is a symbolic link, which AeUpdater never follows; remove it");
            }

            if (Directory.Exists(path))
            {
                return Refused(directory, $"{what} '{path}' is a folder, not a regular file; remove it");
            }
        }

        return create ? CheckFreeSpace(directory) : null;
    }

    private static string Explain(int errno) => errno switch
    {
        StateNative.EACCES => "permission denied (this process's user may not write or enter it)",
        StateNative.EPERM => "it cannot be written: operation not permitted (an immutable or otherwise protected folder)",
        StateNative.EROFS => "it is on a read-only file system",
        StateNative.ENOTDIR => "a part of its path is a file, not a folder",
        StateNative.ENOSPC => "the disk is full",
        _ => StateNative.Message(errno),
    };

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.Device => "a device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    private static string Refused(string directory, string why) =>
        $"the state directory '{directory}' cannot be used: {why}; nothing was changed";
}
