namespace AeUpdater.Journaling;

/// <summary>An in-memory journal for tests: the same semantics as <see cref="FileJournal"/>, records kept in a list.</summary>
internal sealed class MemoryJournal : IJournal
{
    private readonly PluginLedger _ledger = new();
    private JournalRun? _run;
    private readonly HashSet<int> _done = [];
    private readonly Dictionary<int, Operations.FileId> _copies = [];

    /// <summary>Every call, in order, as text (for assertions).</summary>
    public List<string> Records { get; } = [];

    public JournalState Load(bool detailsOfEndedRun = true) =>
        new(_run is null ? null : _run with { DoneCount = _done.Count, Copies = new Dictionary<int, Operations.FileId>(_copies) }, _ledger.Entries());

    public void BeginRun(string runId, string root, IReadOnlyList<OperationIntent> intents)
    {
        _run = new JournalRun(runId, null, root, intents, 0, false);
        _done.Clear();
        _copies.Clear();
        Records.Add($"run {intents.Count}");
    }

    public void OperationDone(int index, OperationOutcome outcome)
    {
        _done.Add(index);
        Records.Add($"done {index} {outcome}");
    }

    public void MoveCopied(int index, Operations.FileId copy)
    {
        _copies[index] = copy;
        Records.Add($"copied {index}");
    }

    public void EndRun(int processed, int failed)
    {
        _run = _run! with { Ended = true };
        Records.Add($"end {processed} {failed}");
    }

    public void PluginStarted(string name, string hash, bool durable = true)
    {
        _ledger.Started(name, hash);
        Records.Add($"plugin-start {name}");
    }

    public void PluginEnded(string name, string hash, PluginEnd end, string? error)
    {
        _ledger.Ended(name, hash, end, error);
        Records.Add($"plugin-end {name} {end}");
    }

    public void PluginDeleted(string name, string hash)
    {
        _ledger.Deleted();
        Records.Add($"plugin-deleted {name}");
    }

    public void Dispose()
    {
    }
}
