namespace AeUpdater.Tuf;

/// <summary>A response longer than the allowed upper bound (an endless-data attack).</summary>
public class DownloadLengthMismatchException : DownloadException
{
    /// <summary>Creates the exception with its message.</summary>
    public DownloadLengthMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DownloadLengthMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
