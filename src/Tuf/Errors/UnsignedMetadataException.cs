namespace AeUpdater.Tuf;

/// <summary>Metadata not signed by a threshold of the role's keys (spec 5.3.4, 5.4.2, 5.5.3, 5.6.3).</summary>
public class UnsignedMetadataException : RepositoryException
{
    /// <summary>Creates the exception with its message.</summary>
    public UnsignedMetadataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public UnsignedMetadataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
