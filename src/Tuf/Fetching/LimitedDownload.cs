using System.Diagnostics;
using AeUpdater.Tuf.Client;

namespace AeUpdater.Tuf.Fetching;

/// <summary>Reads a fetched stream with an upper bound on its length, a read timeout and a minimum average rate.</summary>
internal static class LimitedDownload
{
    public static async Task<byte[]> BytesAsync(ITufFetcher fetcher, string url, long maxLength, UpdaterConfig config, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyAsync(fetcher, url, maxLength, buffer, null, config, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Copies at most <paramref name="maxLength"/> bytes to <paramref name="destination"/>, each chunk also to <paramref name="observe"/>.</summary>
    /// <returns>The number of bytes copied.</returns>
    public static async Task<long> CopyAsync(ITufFetcher fetcher, string url, long maxLength, Stream destination, Action<byte[], int>? observe, UpdaterConfig config, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(config.ReadTimeout);
        var started = Stopwatch.GetTimestamp();
        Stream stream;
        try
        {
            stream = await fetcher.OpenAsync(url, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlowRetrievalException($"GET {url}: no response within {config.ReadTimeout.TotalSeconds:0.###} s.", ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[81920];
            long total = 0;
            while (true)
            {
                timeout.CancelAfter(config.ReadTimeout);
                var want = (int)Math.Min(buffer.Length, maxLength + 1 - total);
                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(0, want), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new SlowRetrievalException($"GET {url}: no data for {config.ReadTimeout.TotalSeconds:0.###} s after {total} bytes.", ex);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new DownloadException($"GET {url}: the transfer broke after {total} bytes: {ex.Message}", ex);
                }

                if (read == 0)
                {
                    return total;
                }

                total += read;
                if (total > maxLength)
                {
                    throw new DownloadLengthMismatchException($"GET {url}: more than the {maxLength} bytes allowed.");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                observe?.Invoke(buffer, read);

                var elapsed = Stopwatch.GetElapsedTime(started);
                if (elapsed > config.SlowStartGracePeriod && total < config.MinimumBytesPerSecond * elapsed.TotalSeconds)
                {
                    throw new SlowRetrievalException(
                        $"GET {url}: {total} bytes in {elapsed.TotalSeconds:0.#} s, below the minimum of {config.MinimumBytesPerSecond} bytes per second.");
                }
            }
        }
    }
}
