using System.Net;

namespace AeUpdater.Tuf.Fetching;

/// <summary>
/// Fetches <c>http:</c>/<c>https:</c> URLs with <see cref="HttpClient"/>: one GET per call, no retries, no automatic
/// decompression, the URL used verbatim (a <c>%2F</c> stays <c>%2F</c>, dot segments are not removed).
/// </summary>
public sealed class HttpFetcher : ITufFetcher, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Creates a fetcher with its own client.</summary>
    /// <param name="connectTimeout">The TCP/TLS connect timeout. Default: 10 seconds.</param>
    public HttpFetcher(TimeSpan? connectTimeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            MaxAutomaticRedirections = 5,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("AeUpdater.Tuf/" + typeof(HttpFetcher).Assembly.GetName().Version);
        _ownsClient = true;
    }

    /// <summary>Creates a fetcher over a client the caller owns (its timeouts and handler are the caller's).</summary>
    public HttpFetcher(HttpClient client)
    {
        _client = client;
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenAsync(string url, CancellationToken cancellationToken)
    {
        var uri = VerbatimUri(url);
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            request.Dispose();
            throw new DownloadException($"GET {url} failed: {ex.Message}", ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            request.Dispose();
            throw new DownloadHttpException($"GET {url}: HTTP {status} {response.ReasonPhrase}.", status);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new OwningStream(stream, response, request);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>A URI that keeps the path and query exactly as written (no unescaping, no dot-segment removal).</summary>
    internal static Uri VerbatimUri(string url)
    {
        try
        {
            return new Uri(url, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        }
        catch (UriFormatException ex)
        {
            throw new DownloadException($"'{url}' is not a valid URL: {ex.Message}", ex);
        }
    }

    /// <summary>The response stream, disposing the response and request with it.</summary>
    private sealed class OwningStream(Stream inner, IDisposable response, IDisposable request) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
                request.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
