using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AeUpdater.Tuf.Tests.Support;

/// <summary>What the server answers to one request.</summary>
public sealed class ServerResponse
{
    public int Status { get; init; } = 200;

    public byte[] Body { get; init; } = [];

    /// <summary>When set, the body is sent in chunks of <see cref="ChunkSize"/> bytes with this delay between them.</summary>
    public TimeSpan ChunkDelay { get; init; }

    public int ChunkSize { get; init; } = 1;

    /// <summary>When set, this many bytes of 'x' are sent as the body (no Content-Length), whatever <see cref="Body"/> is.</summary>
    public long? EndlessLength { get; init; }

    /// <summary>When set, the server sends nothing for this long before answering.</summary>
    public TimeSpan StallBeforeHeaders { get; init; }
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 and a free port, for tests: serves files from <see cref="Root"/> with the raw
/// request path (no percent-decoding) as the file name, records every request path, and lets a test override any
/// answer. Every connection is closed after one response; everything stops on <see cref="Dispose"/>.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _disposed;

    public LoopbackServer(string root)
    {
        Root = root;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Root { get; }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The raw paths requested, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>An override: return a response for a raw path, or null to serve the file.</summary>
    public Func<string, ServerResponse?>? Handler { get; set; }

    public List<string> RequestList() => [.. Requests];

    public void ClearRequests() => Requests.Clear();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var stream = client.GetStream();
            var header = new StringBuilder();
            var buffer = new byte[1];
            while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && header.Length < 16384)
            {
                if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return;
                }

                header.Append((char)buffer[0]);
            }

            var requestLine = header.ToString().Split("\r\n")[0].Split(' ');
            var path = requestLine.Length > 1 ? requestLine[1] : "/";
            Requests.Enqueue(path);
            var response = Handler?.Invoke(path) ?? ServeFile(path);
            if (response.StallBeforeHeaders > TimeSpan.Zero)
            {
                await Task.Delay(response.StallBeforeHeaders, timeout.Token);
            }

            var reason = response.Status == 200 ? "OK" : "Error";
            var head = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {reason}\r\n")
                .Append("Connection: close\r\n");
            if (response.EndlessLength is null)
            {
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
            }

            head.Append("\r\n");
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
            if (response.EndlessLength is { } endless)
            {
                var chunk = Enumerable.Repeat((byte)'x', 65536).ToArray();
                for (long sent = 0; sent < endless; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, endless - sent)), timeout.Token);
                }
            }
            else if (response.ChunkDelay > TimeSpan.Zero)
            {
                for (var i = 0; i < response.Body.Length; i += response.ChunkSize)
                {
                    await stream.WriteAsync(response.Body.AsMemory(i, Math.Min(response.ChunkSize, response.Body.Length - i)), timeout.Token);
                    await stream.FlushAsync(timeout.Token);
                    await Task.Delay(response.ChunkDelay, timeout.Token);
                }
            }
            else
            {
                await stream.WriteAsync(response.Body, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The client went away or the test ended.
        }
    }

    private ServerResponse ServeFile(string rawPath)
    {
        var relative = rawPath.TrimStart('/').Split('?')[0];
        var segments = relative.Split('/');
        if (segments.Any(s => s is ".." or "."))
        {
            return new ServerResponse { Status = 404 };
        }

        var file = Path.Join(Root, Path.Join(segments));
        return File.Exists(file) ? new ServerResponse { Body = File.ReadAllBytes(file) } : new ServerResponse { Status = 404 };
    }
}
