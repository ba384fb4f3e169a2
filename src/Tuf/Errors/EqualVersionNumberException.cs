namespace AeUpdater.Tuf;

/// <summary>A new timestamp with the same version as the trusted one (spec 5.4.3.1): the trusted one is kept.</summary>
public class EqualVersionNumberException : BadVersionNumberException
{
    /// <summary>Creates the exception with its message.</summary>
    public EqualVersionNumberException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public EqualVersionNumberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
