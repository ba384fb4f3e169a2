using System.Globalization;

namespace AeUpdater.Tests.TestSupport;

/// <summary>Runs <c>AeUpdater.CrashHost</c> (CheckAll in a child process) as <see cref="OtherUser"/>, on a tree given to that user.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public static class AsOtherUser
{
    /// <summary>Makes every entry of <paramref name="root"/> the other user's (but <paramref name="except"/>), and lets it enter the tree.</summary>
    public static void GiveTree(string root, params string[] except)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Prepend(root))
        {
            if (!except.Contains(path, StringComparer.Ordinal))
            {
                OtherUser.Own(path);
            }
        }
    }

    /// <summary>Runs the crash host as the other user with <c>{usr}</c> = <paramref name="home"/>/.config; bounded to 2 minutes.</summary>
    public static (int ExitCode, CrashHost.HostResult? Result, string Stderr) RunCrashHost(string root, string home, int lockTimeoutMs = 30_000)
    {
        var dll = Path.Join(AppContext.BaseDirectory, "AeUpdater.CrashHost.dll");
        var command = $"HOME='{home}' XDG_CONFIG_HOME='{home}/.config' DOTNET_CLI_TELEMETRY_OPTOUT=1 '{CrashHost.Dotnet}' '{dll}' --root '{root}' --home '{home}' " +
            $"--lock-timeout-ms {lockTimeoutMs.ToString(CultureInfo.InvariantCulture)}";
        var (exit, output, error) = OtherUser.Run(command, TimeSpan.FromMinutes(2));
        return (exit, CrashHost.Parse(output), error);
    }
}
