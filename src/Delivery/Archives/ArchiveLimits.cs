namespace AeUpdater.Delivery.Archives;

/// <summary>Upper bounds an archive must stay within to be extracted.</summary>
public sealed class ArchiveLimits
{
    /// <summary>The most entries (files and folders).</summary>
    /// <value>100 000.</value>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>The most bytes of file content in total.</summary>
    /// <value>8 GiB.</value>
    public long MaxTotalBytes { get; init; } = 8L << 30;

    /// <summary>The most UTF-8 bytes in one entry's path.</summary>
    /// <value>1024.</value>
    public int MaxPathBytes { get; init; } = 1024;

    /// <summary>The most UTF-8 bytes in one path segment (a file or folder name).</summary>
    /// <value>255.</value>
    public int MaxSegmentBytes { get; init; } = 255;

    /// <summary>The most folder levels in a path.</summary>
    /// <value>64.</value>
    public int MaxDepth { get; init; } = 64;
}
