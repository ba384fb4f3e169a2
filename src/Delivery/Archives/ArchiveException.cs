namespace AeUpdater.Delivery.Archives;

/// <summary>An archive cannot be written, or is refused (unsafe entries, over the limits, corrupt).</summary>
public sealed class ArchiveException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArchiveException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ArchiveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ArchiveException()
        : base("The archive is refused.")
    {
    }
}
