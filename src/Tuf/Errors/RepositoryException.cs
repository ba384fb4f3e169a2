namespace AeUpdater.Tuf;

/// <summary>The repository served metadata or a target that must not be trusted (bad signature, version, hash, expiry or format).</summary>
public class RepositoryException : TufException
{
    /// <summary>Creates the exception with its message.</summary>
    public RepositoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public RepositoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
