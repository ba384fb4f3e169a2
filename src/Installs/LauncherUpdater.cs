using AeUpdater.Installs.Native;

namespace AeUpdater.Installs;

/// <summary>
/// Sets up or replaces the launcher files in INSTALL from a launcher build folder: the executable
/// <c>AeUpdater.Launcher</c> becomes <c>INSTALL/APP</c>, its other files (a framework-dependent build's <c>.dll</c>,
/// <c>.runtimeconfig.json</c>, <c>.deps.json</c>) keep their names. Each file is written to a temporary name, flushed
/// and renamed over the old one: there is always a launcher, the old or the new.
/// </summary>
internal static class LauncherUpdater
{
    public const string ExecutableName = "AeUpdater.Launcher";
    public const string TemporarySuffix = ".aeupdater-new";

    /// <summary>The launcher build folder to set up new installs with, when not given: <c>launcher/</c> next to this program.</summary>
    public static string? DefaultSource()
    {
        var folder = Path.Join(AppContext.BaseDirectory, "launcher");
        return IsLauncherFolder(folder) ? folder : null;
    }

    public static bool IsLauncherFolder(string? folder) =>
        folder is not null && (File.Exists(Path.Join(folder, ExecutableName)) || File.Exists(Path.Join(folder, ExecutableName + ".exe")));

    /// <summary>Copies what differs; returns whether anything was written.</summary>
    public static bool Update(string source, string install, string launcherFileName, Action<string> step)
    {
        var changed = false;
        foreach (var file in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".pdb", StringComparison.Ordinal) || name.EndsWith(".dbg", StringComparison.Ordinal) || name.EndsWith(".xml", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Join(install, name is ExecutableName or ExecutableName + ".exe" ? launcherFileName : name);
            if (SameContent(file, target))
            {
                continue;
            }

            var temporary = Path.Join(install, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..8] + TemporarySuffix);
            File.Copy(file, temporary);
            if (!OperatingSystem.IsWindows())
            {
                // A NuGet package (the dotnet tool) does not keep execute bits: the launcher gets them here.
                var mode = File.GetUnixFileMode(file) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
                if (Path.GetFileName(target) == launcherFileName)
                {
                    mode |= UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
                }

                File.SetUnixFileMode(temporary, mode);
            }

            Durable.FsyncFile(temporary);
            step("launcher:written");
            File.Move(temporary, target, overwrite: true);
            Durable.FsyncDirectory(install);
            step("launcher:replaced");
            changed = true;
        }

        return changed;
    }

    private static bool SameContent(string a, string b)
    {
        var infoA = new FileInfo(a);
        var infoB = new FileInfo(b);
        if (!infoB.Exists || infoA.Length != infoB.Length)
        {
            return false;
        }

        return File.ReadAllBytes(a).AsSpan().SequenceEqual(File.ReadAllBytes(b));
    }
}
