using AeUpdater.Placeholders;
using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Journaling;

/// <summary>
/// The inter-process exclusive lock of a state directory: an OS-level lock on the file <c>lock</c> (on Unix
/// <c>flock(LOCK_EX)</c>, on Windows a share-none handle), released by the kernel when the holder dies, so a dead
/// holder never leaves a stale lock. The file's content is informational only (the holder's process id).
/// </summary>
/// <remarks>
/// On Unix the file is opened with <c>O_NOFOLLOW | O_NONBLOCK</c> and must be a regular file on the opened handle: a
/// symbolic link, a folder, a FIFO or a device named <c>lock</c> is refused at once with the reason, never followed,
/// never waited on. Only a lock held by another open file makes the call wait (up to the timeout).
/// </remarks>
internal sealed class StateLock : IDisposable
{
    public const string FileName = "lock";

    private readonly IDisposable _handle;

    private StateLock(IDisposable handle)
    {
        _handle = handle;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; <see langword="null"/> with the reason when it stays taken or cannot be taken.</summary>
    /// <remarks>A run checks the directory first (<see cref="StateDirectory.Prepare"/>); a missing one is created here.</remarks>
    public static StateLock? TryAcquire(string directory, TimeSpan timeout, CancellationToken cancellationToken, out string? reason)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"the state directory '{directory}' cannot be created: {e.Message}; nothing was changed";
            return null;
        }

        return StateNative.IsSupported
            ? TryAcquireUnix(directory, timeout, cancellationToken, out reason)
            : TryAcquireManaged(directory, timeout, cancellationToken, out reason);
    }

    public void Dispose() => _handle.Dispose();

    private static StateLock? TryAcquireUnix(string directory, TimeSpan timeout, CancellationToken cancellationToken, out string? reason)
    {
        var path = Path.Join(directory, FileName);
        var handle = StateNative.OpenOrCreateReadWrite(path, out var errno);
        if (handle is null)
        {
            reason = StateNative.IsLinkErrno(errno)
                ? $"the lock file '{path}' is a symbolic link, which AeUpdater never follows; remove it; nothing was changed"
                : $"the lock file '{path}' cannot be opened: {StateNative.Message(errno)}; nothing was changed";
            return null;
        }

        if (!StateNative.TryGetType(handle, out var kind, out _) || kind != FileKind.Regular)
        {
            handle.Dispose();
            reason = $"the lock file '{path}' is not a regular file ({kind}); remove it; nothing was changed";
            return null;
        }

        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = 5;
        while (!StateNative.TryLockExclusive(handle, out errno))
        {
            if (!StateNative.IsWouldBlock(errno))
            {
                handle.Dispose();
                reason = $"the lock file '{path}' cannot be locked: {StateNative.Message(errno)}; nothing was changed";
                return null;
            }

            if (Environment.TickCount64 >= deadline)
            {
                handle.Dispose();
                reason = $"another process holds the state lock '{path}' (waited {timeout.TotalSeconds:0.#} s); nothing was changed";
                return null;
            }

            cancellationToken.WaitHandle.WaitOne(delay);
            if (cancellationToken.IsCancellationRequested)
            {
                handle.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }

            delay = Math.Min(delay * 2, 100);
        }

        WritePid(handle);
        reason = null;
        return new StateLock(handle);
    }

    private static void WritePid(SafeFileHandle handle)
    {
        try
        {
            StateNative.Truncate(handle, 0);
            RandomAccess.Write(handle, FastUnix.Encode(StartupText.Digits(Environment.ProcessId) + "\n", nulTerminated: false), 0);
        }
        catch (IOException)
        {
            // The pid is informational (a full disk may refuse it); the lock is the open handle.
        }
    }

    private static StateLock? TryAcquireManaged(string directory, TimeSpan timeout, CancellationToken cancellationToken, out string? reason)
    {
        var path = Path.Join(directory, FileName);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = 5;
        while (true)
        {
            if (new FileInfo(path).LinkTarget is not null || Directory.Exists(path))
            {
                reason = $"the lock file '{path}' is a symbolic link or a folder, which AeUpdater never follows; remove it; nothing was changed";
                return null;
            }

            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                try
                {
                    stream.SetLength(0);
                    stream.Write(FastUnix.Encode(StartupText.Digits(Environment.ProcessId) + "\n", nulTerminated: false));
                    stream.Flush();
                }
                catch (IOException)
                {
                    // The pid is informational; the lock is the open handle.
                }

                reason = null;
                return new StateLock(stream);
            }
            catch (UnauthorizedAccessException e)
            {
                reason = $"the lock file '{path}' cannot be opened: {e.Message}; nothing was changed";
                return null;
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(delay);
                cancellationToken.ThrowIfCancellationRequested();
                delay = Math.Min(delay * 2, 100);
            }
            catch (IOException e)
            {
                reason = $"another process holds the state lock '{path}' (waited {timeout.TotalSeconds:0.#} s): {e.Message}; nothing was changed";
                return null;
            }
        }
    }
}
