namespace AeUpdater.Delivery.Updating;

/// <summary>An OS-level lock on <c>STATE/delivery/lock</c> (flock on Unix), released when the holder exits or dies.</summary>
internal static class DeliveryLock
{
    public static FileStream Acquire(string deliveryDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(deliveryDir);
        var path = Path.Join(deliveryDir, "lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
                stream.Flush();
                return stream;
            }
            catch (IOException ex) when (DateTime.UtcNow < deadline)
            {
                _ = ex;
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100));
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException ex)
            {
                throw new DeliveryException($"Another process is updating this app (the lock '{path}' is held; waited {timeout.TotalSeconds:0} s): {ex.Message}", ex);
            }
        }
    }
}
