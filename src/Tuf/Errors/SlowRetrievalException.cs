namespace AeUpdater.Tuf;

/// <summary>A response that did not arrive fast enough (a slow-retrieval attack) or a timeout.</summary>
public class SlowRetrievalException : DownloadException
{
    /// <summary>Creates the exception with its message.</summary>
    public SlowRetrievalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public SlowRetrievalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
