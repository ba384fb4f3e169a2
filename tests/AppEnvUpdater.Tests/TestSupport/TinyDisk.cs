using System.Diagnostics;

namespace AeUpdater.Tests.TestSupport;

/// <summary>A 64 KiB tmpfs mounted under a temporary folder (root only), filled to the last byte on request; unmounted on dispose.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TinyDisk : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private TinyDisk(string path) => Path = path;

    /// <summary>Why a tmpfs cannot be mounted here, or <see langword="null"/> when it can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    public string Path { get; }

    public static TinyDisk Mount(string path)
    {
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=64k,mode=755", "tmpfs", path);
        return code == 0 ? new TinyDisk(path) : throw new InvalidOperationException($"mount tmpfs failed: {error}");
    }

    /// <summary>Writes a filler file until at most <paramref name="leaveBytes"/> are free (0: until the file system says it is full).</summary>
    public void Fill(long leaveBytes = 0)
    {
        using var stream = new FileStream(System.IO.Path.Join(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
        var block = new byte[4096];
        try
        {
            for (var i = 0; i < 1024 && new DriveInfo(Path).AvailableFreeSpace > leaveBytes; i++)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // full
        }
    }

    /// <summary>Remounts the file system read-only.</summary>
    public void MakeReadOnly()
    {
        var (code, error) = Run("mount", "-o", "remount,ro", Path);
        if (code != 0)
        {
            throw new InvalidOperationException($"remount read-only failed: {error}");
        }
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static string? Probe()
    {
        if (OperatingSystem.IsWindows() || !ReadOnlyFolder.IsRoot)
        {
            return "mounting a tmpfs needs root on Linux";
        }

        var probe = System.IO.Path.Join(System.IO.Path.GetTempPath(), "aeupdater-mount-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(probe);
        try
        {
            var (code, error) = Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe);
            if (code != 0)
            {
                return $"mount -t tmpfs is not permitted here: {error.Trim()}";
            }

            Run("umount", "-l", probe);
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    }

    private static (int Code, string Error) Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            return (-1, "timed out");
        }

        return (process.ExitCode, error.Result);
    }
}
