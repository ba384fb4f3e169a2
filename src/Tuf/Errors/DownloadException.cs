namespace AeUpdater.Tuf;

/// <summary>A download failed: the network, a timeout, a too-long response.</summary>
public class DownloadException : TufException
{
    /// <summary>Creates the exception with its message.</summary>
    public DownloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
