namespace AeUpdater.Tuf.Fetching;

/// <summary>Fetches <c>file:</c> URLs with <see cref="FileFetcher"/> and everything else with <see cref="HttpFetcher"/>.</summary>
public sealed class DefaultFetcher : ITufFetcher, IDisposable
{
    private readonly FileFetcher _files = new();
    private readonly HttpFetcher _http;

    /// <summary>Creates the fetcher.</summary>
    /// <param name="connectTimeout">The HTTP connect timeout. Default: 10 seconds.</param>
    public DefaultFetcher(TimeSpan? connectTimeout = null)
    {
        _http = new HttpFetcher(connectTimeout);
    }

    /// <inheritdoc/>
    public Task<Stream> OpenAsync(string url, CancellationToken cancellationToken) =>
        url.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? _files.OpenAsync(url, cancellationToken)
            : _http.OpenAsync(url, cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();
}
