namespace AeUpdater.Installs.Locking;

/// <summary>
/// One updater at a time per install: an exclusive OS lock on <c>INSTALL/appdata/.lock</c> (on Unix <c>flock</c>
/// through a share-none handle, on Windows the share-none handle itself), released by the kernel when the holder dies,
/// so a crashed updater never leaves a stale lock.
/// </summary>
internal sealed class UpdaterLock : IDisposable
{
    private readonly FileStream _stream;

    private UpdaterLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; <see langword="null"/> with the reason when it stays taken.</summary>
    public static UpdaterLock? TryAcquire(string path, TimeSpan timeout, CancellationToken cancellationToken, out string? reason)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = 5;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                reason = null;
                return new UpdaterLock(stream);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                cancellationToken.WaitHandle.WaitOne(delay);
                cancellationToken.ThrowIfCancellationRequested();
                delay = Math.Min(delay * 2, 100);
            }
            catch (IOException e)
            {
                reason = $"another updater holds '{path}' (waited {timeout.TotalSeconds:0.#} s): {e.Message}; nothing was changed";
                return null;
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
