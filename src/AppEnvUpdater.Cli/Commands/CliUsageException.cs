namespace AeUpdater.Cli.Commands;

/// <summary>An option value the command cannot use (exit code 2); its message is the one line printed.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException(string message)
        : base(message)
    {
    }
}
