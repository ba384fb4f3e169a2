using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Plugins;

/// <summary>
/// What <see cref="UpdaterOptions.RequireVerifiedPlugins"/> checks plugins against: the state directory's
/// <see cref="VerifiedFiles"/> record, read once per call, or why there is none (then no plugin runs: fail closed).
/// </summary>
internal sealed class PluginVerification
{
    private PluginVerification(string recordPath, VerifiedFiles? record, string? problem)
    {
        RecordPath = recordPath;
        Record = record;
        Problem = problem;
    }

    /// <summary>The record's path.</summary>
    public string RecordPath { get; }

    /// <summary>The record, or <see langword="null"/> when it is missing or not valid (see <see cref="Problem"/>).</summary>
    public VerifiedFiles? Record { get; }

    /// <summary>Why there is no record (a whole sentence naming the file), or <see langword="null"/>.</summary>
    public string? Problem { get; }

    /// <summary>A verification against a record in memory (tests).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The verification.</returns>
    public static PluginVerification Of(VerifiedFiles record) => new("(in memory)", record, null);

    /// <summary>
    /// Reads <c>STATE/verified-files.json</c>. On Unix, unless <paramref name="trustAnyPlugin"/>, the record is opened
    /// without following a symbolic link and must pass the plugin trust rule (a regular file owned by this user or
    /// root, not writable by its group or others): whoever can write the record decides which plugins run.
    /// </summary>
    /// <param name="stateDirectory">The state directory.</param>
    /// <param name="trustAnyPlugin">Skip the owner and mode checks.</param>
    /// <returns>The record or the problem; never throws for a missing, unreadable or malformed record.</returns>
    public static PluginVerification Load(string stateDirectory, bool trustAnyPlugin)
    {
        var path = VerifiedFiles.PathIn(stateDirectory);
        const string Rule = "with RequireVerifiedPlugins only files installed from a verified archive run, and no plugin runs without a valid record";
        var pending = Path.Join(stateDirectory, VerifiedFiles.PendingApply);
        if (File.Exists(pending))
        {
            return new PluginVerification(path, null, $"Not verified: an archive apply was interrupted or is in progress ({pending} exists), so the root may hold files of two versions; {Rule}; the next update call finishes the apply.");
        }

        byte[] bytes;
        try
        {
            if (OperatingSystem.IsWindows() || !UnixHandle.IsSupported)
            {
                if (!File.Exists(path))
                {
                    return Missing(path, Rule);
                }

                bytes = ReadBounded(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), path);
            }
            else
            {
                if (!TryReadUnix(stateDirectory, path, check: !trustAnyPlugin, out bytes, out var notFound, out var problem))
                {
                    return notFound ? Missing(path, Rule) : new PluginVerification(path, null, $"Not verified: the verified-files record cannot be used: {problem}; {Rule}.");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PluginVerification(path, null, $"Not verified: the verified-files record {path} cannot be read ({ex.Message}); {Rule}.");
        }

        try
        {
            return new PluginVerification(path, VerifiedFiles.Parse(bytes), null);
        }
        catch (FormatException ex)
        {
            return new PluginVerification(path, null, $"Not verified: {path} is not a valid verified-files record ({ex.Message}); {Rule}; the next update that applies an archive rewrites it.");
        }
    }

    private static PluginVerification Missing(string path, string rule) =>
        new(path, null, $"Not verified: no verified archive was ever applied here (there is no {path}); {rule}.");

    private static bool TryReadUnix(string stateDirectory, string path, bool check, out byte[] bytes, out bool notFound, out string? problem)
    {
        bytes = [];
        notFound = false;
        problem = null;
        if (!UnixHandle.TryOpenDirectory(stateDirectory, follow: true, out var folder, out var errno))
        {
            notFound = UnixHandle.IsNotFound(errno);
            problem = $"{stateDirectory} {UnixHandle.Describe(errno, asDirectory: true)}";
            return false;
        }

        using (folder)
        {
            uint euid = 0;
            if (check)
            {
                try
                {
                    euid = UnixFileOwner.EffectiveUserId();
                }
                catch (Exception ex) when (ex is PlatformNotSupportedException or EntryPointNotFoundException or DllNotFoundException)
                {
                    problem = $"{path} cannot be checked: who owns it cannot be read on this system ({ex.Message})";
                    return false;
                }

                if (CheckHandle(folder, stateDirectory, euid, expectDirectory: true) is { } folderProblem)
                {
                    problem = folderProblem;
                    return false;
                }
            }

            if (!UnixHandle.TryOpenAt(folder, VerifiedFiles.FileName, asDirectory: false, follow: !check, out var file, out errno))
            {
                notFound = UnixHandle.IsNotFound(errno);
                problem = $"{path} {UnixHandle.Describe(errno, asDirectory: false)}";
                return false;
            }

            using (file)
            {
                if (!UnixHandle.TryStat(file, out var status, out errno))
                {
                    problem = $"cannot read the owner and permissions of {path} (errno {errno})";
                    return false;
                }

                var statusProblem = check
                    ? PluginTrust.CheckOpened(path, status, euid, expectDirectory: false)
                    : status.Kind == UnixHandle.Kind.File ? null : $"{path} is not a regular file";
                if (statusProblem is not null)
                {
                    problem = statusProblem;
                    return false;
                }

                if (status.Size > VerifiedFiles.MaxBytes)
                {
                    problem = $"{path} is {status.Size} bytes, more than the {VerifiedFiles.MaxBytes} a record may have";
                    return false;
                }

                bytes = UnixHandle.ReadAll(file, status.Size);
                return true;
            }
        }
    }

    private static string? CheckHandle(SafeFileHandle handle, string path, uint euid, bool expectDirectory) =>
        UnixHandle.TryStat(handle, out var status, out var errno)
            ? PluginTrust.CheckOpened(path, status, euid, expectDirectory)
            : $"cannot read the owner and permissions of {path} (errno {errno})";

    private static byte[] ReadBounded(FileStream stream, string path)
    {
        using (stream)
        {
            if (stream.Length > VerifiedFiles.MaxBytes)
            {
                throw new IOException($"{path} is {stream.Length} bytes, more than the {VerifiedFiles.MaxBytes} a record may have");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }
}
