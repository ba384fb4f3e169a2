namespace AeUpdater.Launcher;

/// <summary>
/// The shared lock a launcher holds on a version's lock file while the version runs. On Unix a <c>flock(LOCK_SH)</c>
/// on a descriptor opened without <c>O_CLOEXEC</c>, so that it survives <c>execve</c> and is released by the kernel only
/// when the app exits; on Windows an open handle that lets others read but not delete or write.
/// </summary>
internal sealed class VersionLock : IDisposable
{
    private int _fd = -1;
    private FileStream? _stream;

    private VersionLock()
    {
    }

    public static VersionLock? TryAcquireShared(string path, TimeSpan timeout, out string problem)
    {
        problem = "";
        var deadline = System.Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        if (OperatingSystem.IsWindows())
        {
            while (true)
            {
                try
                {
                    return new VersionLock { _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read) };
                }
                catch (IOException e) when (System.Environment.TickCount64 < deadline)
                {
                    problem = e.Message;
                    Thread.Sleep(20);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problem = e.Message;
                    return null;
                }
            }
        }

        var fd = Posix.Open(path, Posix.ORdOnly);
        if (fd < 0)
        {
            problem = "'" + path + "': " + Posix.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
            return null;
        }

        while (Posix.Flock(fd, Posix.LockSh | Posix.LockNb) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Posix.EIntr && System.Environment.TickCount64 >= deadline)
            {
                Posix.Close(fd);
                problem = "'" + path + "' stays locked exclusively (a removal is under way)";
                return null;
            }

            Thread.Sleep(10);
        }

        return new VersionLock { _fd = fd };
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            Posix.Close(_fd);
            _fd = -1;
        }

        _stream?.Dispose();
    }
}
