using System.Diagnostics;

namespace AeUpdater.Tests.TestSupport;

/// <summary>
/// Makes a folder truly read-only for this process: <c>chmod 555</c> as a normal user; as root (who ignores permission
/// bits) the ext4 immutable attribute (<c>chattr +i</c>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class ReadOnlyFolder
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Immutable = new(StringComparer.Ordinal);

    public static bool IsRoot => Environment.UserName == "root";

    public static void Make(string path)
    {
        if (IsRoot)
        {
            Run("chattr", "+i", path);
            Immutable[Path.GetFullPath(path)] = true;
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public static void Release(string path)
    {
        if (IsRoot)
        {
            if (Immutable.TryRemove(Path.GetFullPath(path), out _))
            {
                Run("chattr", "-i", path, quiet: true);
            }
        }
        else if (Directory.Exists(path))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Run(string command, string flag, string path, bool quiet = false)
    {
        using var process = Process.Start(new ProcessStartInfo(command, [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0 && !quiet)
        {
            throw new InvalidOperationException($"{command} {flag} {path} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
