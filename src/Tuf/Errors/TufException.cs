namespace AeUpdater.Tuf;

/// <summary>The base of every error the TUF library reports: a repository, download or storage problem.</summary>
public class TufException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public TufException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public TufException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
