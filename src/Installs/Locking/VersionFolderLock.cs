using AeUpdater.Installs.Native;

namespace AeUpdater.Installs.Locking;

/// <summary>
/// The exclusive side of a version's lock file: taken without waiting by whoever removes a version. It fails while any
/// launcher (or the app it became) holds its shared lock, which is how "in use" is told.
/// </summary>
internal sealed class VersionFolderLock : IDisposable
{
    private int _fd = -1;
    private FileStream? _stream;

    private VersionFolderLock()
    {
    }

    /// <summary>
    /// Takes the exclusive lock if no process holds the version; <see langword="null"/> when it is in use. A missing
    /// lock file (a damaged or half-written version) is created first.
    /// </summary>
    public static VersionFolderLock? TryAcquireExclusive(string lockPath)
    {
        if (!File.Exists(lockPath) && Directory.Exists(Path.GetDirectoryName(lockPath)))
        {
            using (File.Open(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
            }
        }

        if (OperatingSystem.IsWindows())
        {
            try
            {
                return new VersionFolderLock { _stream = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None) };
            }
            catch (IOException)
            {
                return null;
            }
        }

        var fd = NativeMethods.OpenReadOnly(lockPath);
        if (fd < 0)
        {
            // No lock file (no control folder at all): nothing can hold it.
            return new VersionFolderLock();
        }

        if (NativeMethods.Flock(fd, NativeMethods.LockEx | NativeMethods.LockNb) != 0)
        {
            NativeMethods.Close(fd);
            return null;
        }

        return new VersionFolderLock { _fd = fd };
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            NativeMethods.Close(_fd);
            _fd = -1;
        }

        _stream?.Dispose();
    }
}
