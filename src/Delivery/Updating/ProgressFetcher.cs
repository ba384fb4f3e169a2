using AeUpdater.Tuf.Fetching;
using AeUpdater.Tuf.Models;

namespace AeUpdater.Delivery.Updating;

/// <summary>Wraps a fetcher and reports the bytes read from target downloads.</summary>
internal sealed class ProgressFetcher(ITufFetcher inner, bool ownsInner, IProgress<DownloadProgress>? progress) : ITufFetcher, IDisposable
{
    /// <summary>The target being downloaded; null while metadata is fetched.</summary>
    public TargetFile? Current { get; set; }

    public async Task<Stream> OpenAsync(string url, CancellationToken cancellationToken)
    {
        var stream = await inner.OpenAsync(url, cancellationToken).ConfigureAwait(false);
        return progress is null || Current is null ? stream : new CountingStream(stream, Current, progress);
    }

    public void Dispose()
    {
        if (ownsInner && inner is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private sealed class CountingStream(Stream inner, TargetFile target, IProgress<DownloadProgress> progress) : Stream
    {
        private long _received;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _received; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

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
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            if (read > 0)
            {
                _received += read;
                progress.Report(new DownloadProgress(target.Path, _received, target.Length));
            }

            return read;
        }
    }
}
