namespace AeUpdater.Placeholders;

/// <summary>A path could not be expanded: an unknown <c>{id}</c>, or a brace that is not balanced.</summary>
public sealed class PlaceholderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PlaceholderException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public PlaceholderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PlaceholderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PlaceholderException(string message, string text, int position, string? id)
        : base(message)
    {
        Text = text;
        Position = position;
        Id = id;
    }

    /// <summary>The text that was being expanded.</summary>
    public string? Text { get; }

    /// <summary>The zero-based position in <see cref="Text"/> where the problem starts.</summary>
    public int Position { get; } = -1;

    /// <summary>The unknown id, when that was the problem.</summary>
    public string? Id { get; }
}
