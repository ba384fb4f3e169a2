namespace AeUpdater.Journaling;

/// <summary>A record the run needs on disk before it may go on (the run's intents, a plugin's start or end) could not be written.</summary>
internal sealed class JournalWriteException : IOException
{
    public JournalWriteException(string path, Exception inner)
        : base($"'{path}' could not be written: {inner.Message}", inner)
    {
        Path = path;
    }

    /// <summary>The journal or ledger file.</summary>
    public string Path { get; }
}
