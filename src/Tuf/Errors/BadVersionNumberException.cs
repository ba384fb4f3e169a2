namespace AeUpdater.Tuf;

/// <summary>A version that is not the expected one: a rollback, or a version that does not match the referring metadata.</summary>
public class BadVersionNumberException : RepositoryException
{
    /// <summary>Creates the exception with its message.</summary>
    public BadVersionNumberException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public BadVersionNumberException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
