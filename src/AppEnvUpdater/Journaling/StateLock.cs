namespace AeUpdater.Journaling;

/// <summary>
/// The inter-process exclusive lock of a state directory: an OS-level lock on the file <c>lock</c> (on Unix
/// <c>flock(LOCK_EX)</c>, on Windows a share-none handle), released by the kernel when the holder dies, so a dead
/// holder never leaves a stale lock. The file's content is informational only (the holder's process id).
/// </summary>
internal sealed class StateLock : IDisposable
{
    public const string FileName = "lock";

    private readonly FileStream _stream;

    private StateLock(FileStream stream)
    {
        _stream = stream;
    }

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/>; <see langword="null"/> with the reason when it stays taken.</summary>
    public static StateLock? TryAcquire(string directory, TimeSpan timeout, CancellationToken cancellationToken, out string? reason)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Join(directory, FileName);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var delay = 5;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                try
                {
                    stream.SetLength(0);
                    stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
                    stream.Flush();
                }
                catch (IOException)
                {
                    // The pid is informational; the lock is the open handle.
                }

                reason = null;
                return new StateLock(stream);
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

    public void Dispose() => _stream.Dispose();
}
