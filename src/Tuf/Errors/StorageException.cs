namespace AeUpdater.Tuf;

/// <summary>The local trusted metadata or target folder could not be read or written.</summary>
public class StorageException : TufException
{
    /// <summary>Creates the exception with its message.</summary>
    public StorageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public StorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
