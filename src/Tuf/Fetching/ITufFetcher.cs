namespace AeUpdater.Tuf.Fetching;

/// <summary>
/// Opens a URL for reading. The updater reads the stream itself, with the length limit, the read timeout and the
/// minimum rate of <see cref="Client.UpdaterConfig"/>, so an implementation only opens: no retries (they would
/// change the request sequence), no caching, no decompression.
/// </summary>
public interface ITufFetcher
{
    /// <summary>Opens <paramref name="url"/>, used verbatim.</summary>
    /// <exception cref="DownloadHttpException">The server answered with an error status (404 when missing).</exception>
    /// <exception cref="DownloadException">Any other failure to open.</exception>
    Task<Stream> OpenAsync(string url, CancellationToken cancellationToken);
}
