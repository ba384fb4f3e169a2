using System.Collections;
using System.Diagnostics;
using AeUpdater.Installs.Layout;

namespace AeUpdater.Launcher;

/// <summary>
/// Picks the highest complete, intact, not-bad version of the app under <c>INSTALL/appdata/</c>, holds a shared lock on
/// it and starts it: on Unix by <c>execve</c> (the locked descriptor is inherited, so the lock lasts as long as the app),
/// on Windows as a child process whose exit code is passed through.
/// </summary>
internal sealed class VersionLauncher
{
    /// <summary>The exit code when no version could be started.</summary>
    public const int NothingToStart = 127;

    private readonly string _installDirectory;
    private readonly string _appName;
    private readonly TextWriter _stderr;
    private readonly string _rid = VersionLayout.CurrentRid;

    public VersionLauncher(string installDirectory, string appName, TextWriter stderr)
    {
        _installDirectory = installDirectory;
        _appName = appName;
        _stderr = stderr;
    }

    public int Run(string[] args)
    {
        var appData = Path.Join(_installDirectory, VersionLayout.AppData);
        var candidates = FindCandidates(appData);
        var skipped = new List<string>();
        foreach (var (version, folder) in candidates)
        {
            var control = Path.Join(folder, VersionLayout.ControlFolder);
            if (File.Exists(Path.Join(control, VersionLayout.Bad)))
            {
                skipped.Add(version.Text + " is marked bad (it failed to start " + MaxFailedStarts() + " times without reporting itself healthy)");
                continue;
            }

            if (!IsComplete(control))
            {
                // An install in progress or interrupted, or a version being removed: never started, not worth a word.
                continue;
            }

            if (!TryCheckFiles(folder, control, version.Text, out var entry, out var problem))
            {
                skipped.Add(version.Text + " is damaged (" + problem + ")");
                continue;
            }

            var started = TryStart(version.Text, folder, control, entry, args, skipped, AnyOtherHealthy(candidates, folder), out var exitCode);
            if (started)
            {
                return exitCode;
            }
        }

        foreach (var line in skipped)
        {
            _stderr.WriteLine("ae-updater launcher: " + _appName + " " + line);
        }

        _stderr.WriteLine("ae-updater launcher: no complete version of " + _appName + " for " + _rid + " in '" + appData + "'");
        return NothingToStart;
    }

    private List<(SemVer Version, string Folder)> FindCandidates(string appData)
    {
        var list = new List<(SemVer, string)>();
        if (!Directory.Exists(appData))
        {
            return list;
        }

        foreach (var folder in Directory.EnumerateDirectories(appData))
        {
            if (VersionLayout.TryParseFolderName(Path.GetFileName(folder), _appName, _rid, out var text)
                && SemVer.TryParse(text, out var version))
            {
                list.Add((version!, folder));
            }
        }

        list.Sort((a, b) => b.Item1.CompareTo(a.Item1));
        return list;
    }

    private static bool IsComplete(string control) =>
        File.Exists(Path.Join(control, VersionLayout.Complete)) && !File.Exists(Path.Join(control, VersionLayout.Removing));

    /// <summary>The cheap check at each start: the manifest parses and names this version; every file is there with its size (one stat each).</summary>
    private bool TryCheckFiles(string folder, string control, string version, out string entry, out string problem)
    {
        entry = "";
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Join(control, VersionLayout.Manifest));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = "its manifest cannot be read: " + e.Message;
            return false;
        }

        if (!ManifestReader.TryParse(lines, out var manifest, out var error))
        {
            problem = "its manifest is malformed: " + error;
            return false;
        }

        if (manifest.Name != _appName || manifest.Version != version || manifest.Rid != _rid)
        {
            problem = "its manifest names " + manifest.Name + " " + manifest.Version + " " + manifest.Rid;
            return false;
        }

        var entryListed = false;
        foreach (var file in manifest.Files)
        {
            var info = new FileInfo(Path.Join(folder, file.Path));
            if (!info.Exists)
            {
                problem = "'" + file.Path + "' is missing";
                return false;
            }

            if (info.Length != file.Size)
            {
                problem = "'" + file.Path + "' has " + info.Length + " bytes, the manifest says " + file.Size;
                return false;
            }

            entryListed |= file.Path == manifest.Entry;
        }

        if (!entryListed)
        {
            problem = "its entry '" + manifest.Entry + "' is not one of its files";
            return false;
        }

        entry = Path.Join(folder, manifest.Entry);
        problem = "";
        return true;
    }

    /// <summary>
    /// True when another version of the app reported itself healthy: the app uses <c>InstalledApp.ReportHealthy()</c>
    /// and there is a proven version to fall back to. Apps that never report are never marked bad.
    /// </summary>
    private static bool AnyOtherHealthy(List<(SemVer Version, string Folder)> candidates, string folder)
    {
        foreach (var (_, other) in candidates)
        {
            if (other != folder && File.Exists(Path.Join(other, VersionLayout.ControlFolder, VersionLayout.Healthy)))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryStart(string version, string folder, string control, string entry, string[] args, List<string> skipped, bool fallbackKnown, out int exitCode)
    {
        exitCode = 0;
        using var versionLock = VersionLock.TryAcquireShared(Path.Join(control, VersionLayout.Lock), TimeSpan.FromSeconds(2), out var lockProblem);
        if (versionLock is null)
        {
            skipped.Add(version + " could not be locked (" + lockProblem + ")");
            return false;
        }

        // Checked again under the lock: a cleanup marks a version it removes while holding the exclusive lock.
        if (!IsComplete(control))
        {
            return false;
        }

        if (!File.Exists(Path.Join(control, VersionLayout.Healthy)))
        {
            var starts = Path.Join(control, VersionLayout.Starts);
            var failed = File.Exists(starts) ? new FileInfo(starts).Length : 0;
            if (failed >= MaxFailedStarts() && fallbackKnown)
            {
                TryWrite(Path.Join(control, VersionLayout.Bad), "failed starts: " + failed + "\n");
                skipped.Add(version + " is marked bad now (it started " + failed + " times without reporting itself healthy)");
                return false;
            }

            TryAppendStart(starts);
        }

        foreach (var line in skipped)
        {
            _stderr.WriteLine("ae-updater launcher: " + _appName + " " + line + "; starting " + version);
        }

        _stderr.Flush();
        var environment = Environment();
        environment[VersionLayout.VersionDirectoryVariable] = folder;
        environment[VersionLayout.InstallDirectoryVariable] = _installDirectory;
        if (OperatingSystem.IsWindows())
        {
            exitCode = RunChild(entry, args, environment);
            return true;
        }

        var argv = new List<string>(args.Length + 1) { entry };
        argv.AddRange(args);
        var envp = new List<string>(environment.Count);
        foreach (var (key, value) in environment)
        {
            envp.Add(key + "=" + value);
        }

        // The lock's descriptor has no O_CLOEXEC: the app inherits it, and with it the shared lock.
        var errno = Posix.Exec(entry, argv, envp);
        skipped.Add(version + " could not be executed: '" + entry + "': " + Posix.Describe(errno));
        return false;
    }

    private static int RunChild(string entry, string[] args, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(entry) { UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static Dictionary<string, string> Environment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry pair in System.Environment.GetEnvironmentVariables())
        {
            result[(string)pair.Key] = (string?)pair.Value ?? "";
        }

        return result;
    }

    private static int MaxFailedStarts() =>
        int.TryParse(System.Environment.GetEnvironmentVariable(VersionLayout.MaxFailedStartsVariable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : VersionLayout.DefaultMaxFailedStarts;

    private static void TryAppendStart(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.WriteByte((byte)'s');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Counting starts is best effort: a read-only install still starts.
        }
    }

    private static void TryWrite(string path, string content)
    {
        try
        {
            File.WriteAllText(path, content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Marking is best effort; the version is skipped for this start either way.
        }
    }
}
