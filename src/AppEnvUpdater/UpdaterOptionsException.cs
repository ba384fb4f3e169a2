namespace AeUpdater;

/// <summary>Invalid <see cref="UpdaterOptions"/>: the message lists every problem, <see cref="Errors"/> each one.</summary>
public sealed class UpdaterOptionsException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public UpdaterOptionsException()
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public UpdaterOptionsException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public UpdaterOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Creates the exception from a list of problems.</summary>
    /// <param name="errors">One line per problem.</param>
    public UpdaterOptionsException(IReadOnlyList<string> errors)
        : base("Invalid AeUpdater options:" + System.Environment.NewLine + "- " + string.Join(System.Environment.NewLine + "- ", errors))
    {
        Errors = errors;
    }

    /// <summary>Each problem, one per entry.</summary>
    public IReadOnlyList<string> Errors { get; }
}
