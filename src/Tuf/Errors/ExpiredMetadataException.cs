namespace AeUpdater.Tuf;

/// <summary>Metadata expired at the reference time (a freeze attack, spec 5.3.10, 5.4.4, 5.5.6, 5.6.5).</summary>
public class ExpiredMetadataException : RepositoryException
{
    /// <summary>Creates the exception with its message.</summary>
    public ExpiredMetadataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public ExpiredMetadataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
