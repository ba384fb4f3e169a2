using System.Diagnostics;

namespace AeUpdater.Tests.TestSupport;

/// <summary>
/// A second, unprivileged Unix user for tests that do what a hostile neighbour would: files owned by someone else,
/// commands run as someone else (<c>runuser</c>). Root ignores permission bits, so permission tests need this user.
/// The user is created once (<c>useradd</c>, idempotent across concurrent test processes) and never removed; tests
/// that need it are skipped unless the tests run as root, where <c>useradd</c> and <c>runuser</c> work.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class OtherUser
{
    /// <summary>The user's name.</summary>
    public const string Name = "aeupdater-other";

    private static readonly Lazy<(int Uid, int Gid)> Ids = new(Create);

    /// <summary>Whether this test process can create and act as the other user (it runs as root).</summary>
    public static bool Available => ReadOnlyFolder.IsRoot && File.Exists("/usr/sbin/useradd") && File.Exists("/usr/sbin/runuser");

    /// <summary>The other user's numeric user id (created on first use).</summary>
    public static int Uid => Ids.Value.Uid;

    /// <summary>The other user's primary group id (created on first use).</summary>
    public static int Gid => Ids.Value.Gid;

    /// <summary>Makes <paramref name="path"/> (file or folder, not followed if a link) owned by the other user.</summary>
    public static void Own(string path)
    {
        _ = Ids.Value;
        Exec("chown", ["-h", $"{Name}:{Name}", path]);
    }

    /// <summary>Runs a shell command as the other user; returns exit code, stdout and stderr. Bounded to <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(string shellCommand, TimeSpan? timeout = null)
    {
        _ = Ids.Value;
        return Exec("runuser", ["-u", Name, "--", "/bin/sh", "-c", shellCommand], check: false, timeout);
    }

    /// <summary>Starts a shell command as the other user in the background (a racing process); the caller kills it.</summary>
    public static Process Start(string shellCommand)
    {
        _ = Ids.Value;
        var info = new ProcessStartInfo("runuser", ["-u", Name, "--", "/bin/sh", "-c", shellCommand])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(info)!;
    }

    private static (int Uid, int Gid) Create()
    {
        if (!Available)
        {
            throw new InvalidOperationException("A second user needs the tests to run as root (useradd, runuser).");
        }

        var (code, _, _) = Exec("id", ["-u", Name], check: false);
        if (code != 0)
        {
            // 9: the name is taken (a concurrent test process created it first).
            var (add, _, error) = Exec("/usr/sbin/useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", Name], check: false);
            if (add is not 0 and not 9)
            {
                throw new InvalidOperationException($"useradd {Name} failed ({add}): {error}");
            }
        }

        var uid = int.Parse(Exec("id", ["-u", Name]).Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var gid = int.Parse(Exec("id", ["-g", Name]).Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return (uid, gid);
    }

    private static (int ExitCode, string Output, string Error) Exec(string command, string[] args, bool check = true, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish in time.");
        }

        var result = (process.ExitCode, output.Result, error.Result);
        if (check && result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Item3}");
        }

        return result;
    }
}
