namespace AeUpdater.Installs.Native;

/// <summary>Flushing to stable storage: files, folders (their entries), and whole file systems.</summary>
internal static class Durable
{
    /// <summary>Flushes a folder's entries (renames, creations in it). No-op on Windows, where folders cannot be opened for it.</summary>
    public static void FsyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        FsyncPath(path);
    }

    /// <summary>Flushes one file's data and metadata.</summary>
    public static void FsyncFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            stream.Flush(flushToDisk: true);
            return;
        }

        FsyncPath(path);
    }

    /// <summary>
    /// Flushes everything written under <paramref name="folder"/>: on Linux one <c>syncfs</c> of its file system (what
    /// <c>sync</c> does, far cheaper than one fsync per file), elsewhere each file and folder in turn.
    /// </summary>
    public static void FlushTree(string folder)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = NativeMethods.OpenReadOnly(folder);
            if (fd < 0)
            {
                throw Error("open", folder);
            }

            try
            {
                if (NativeMethods.SyncFs(fd) != 0)
                {
                    throw Error("syncfs", folder);
                }
            }
            finally
            {
                NativeMethods.Close(fd);
            }

            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            FsyncFile(file);
        }

        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
        {
            FsyncDirectory(directory);
        }

        FsyncDirectory(folder);
    }

    /// <summary>Writes a small file and flushes it and its folder (a marker or a manifest).</summary>
    public static void WriteFile(string path, string content)
    {
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(content);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        FsyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Deletes a file if it exists and flushes its folder.</summary>
    public static void DeleteFile(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
            FsyncDirectory(Path.GetDirectoryName(path)!);
        }
    }

    private static void FsyncPath(string path)
    {
        var fd = NativeMethods.OpenReadOnly(path);
        if (fd < 0)
        {
            throw Error("open", path);
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                throw Error("fsync", path);
            }
        }
        finally
        {
            NativeMethods.Close(fd);
        }
    }

    private static IOException Error(string call, string path)
    {
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        return new IOException($"{call} '{path}' failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
    }
}
