namespace AeUpdater.Tuf;

/// <summary>Bytes whose length or hash differ from what trusted metadata says (spec 5.5.2, 5.6.2, 5.7.3).</summary>
public class LengthOrHashMismatchException : RepositoryException
{
    /// <summary>Creates the exception with its message.</summary>
    public LengthOrHashMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public LengthOrHashMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
