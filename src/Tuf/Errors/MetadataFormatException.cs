namespace AeUpdater.Tuf;

/// <summary>Metadata that cannot be parsed: not JSON, a missing or mistyped field, an unsupported spec_version.</summary>
public class MetadataFormatException : RepositoryException
{
    /// <summary>Creates the exception with its message.</summary>
    public MetadataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public MetadataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
