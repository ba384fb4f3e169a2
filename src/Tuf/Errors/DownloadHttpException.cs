namespace AeUpdater.Tuf;

/// <summary>The server answered a download with an HTTP error status.</summary>
public class DownloadHttpException : DownloadException
{
    /// <summary>Creates the exception with its message and the HTTP status.</summary>
    public DownloadHttpException(string message, int statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status code (404 for a missing <c>file:</c> URL).</summary>
    public int StatusCode { get; }
}
