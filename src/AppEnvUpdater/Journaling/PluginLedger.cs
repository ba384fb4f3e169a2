namespace AeUpdater.Journaling;

/// <summary>Folds plugin records into one entry per content hash (shared by the file and the in-memory journal).</summary>
internal sealed class PluginLedger
{
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    public int RecordCount { get; private set; }

    public void Started(string name, string hash)
    {
        RecordCount++;
        var state = Get(name, hash);
        if (state.Pending)
        {
            state.Failures++; // the previous start never ended: that run died
            state.LastError = "the previous run never finished (the process died)";
        }

        state.Pending = true;
    }

    public void Ended(string name, string hash, PluginEnd end, string? error)
    {
        RecordCount++;
        var state = Get(name, hash);
        state.Pending = false;
        switch (end)
        {
            case PluginEnd.Succeeded:
                state.Succeeded = true;
                state.Failures = 0;
                break;
            case PluginEnd.ReturnedFalse:
                state.Failures = 0;
                break;
            default:
                state.Failures++;
                state.LastError = error;
                break;
        }
    }

    public void Summary(string name, string hash, bool succeeded, int failures, string? lastError)
    {
        RecordCount++;
        var state = Get(name, hash);
        state.Succeeded = succeeded;
        state.Failures = failures;
        state.LastError = lastError;
        state.Pending = false;
    }

    public void Deleted() => RecordCount++;

    /// <summary>The entries; a run that started and never ended counts as one more failure.</summary>
    public Dictionary<string, PluginLedgerEntry> Entries()
    {
        // A loop, not LINQ's ToDictionary: every start with a plugin reads the ledger, and LINQ would be loaded for this alone.
        var entries = new Dictionary<string, PluginLedgerEntry>(_states.Count, StringComparer.Ordinal);
        foreach (var (hash, state) in _states)
        {
            entries[hash] = new PluginLedgerEntry(
                hash,
                state.Name,
                state.Succeeded,
                state.Failures + (state.Pending ? 1 : 0),
                state.Pending,
                state.Pending ? "the last run never finished (the process died)" : state.LastError);
        }

        return entries;
    }

    private State Get(string name, string hash)
    {
        if (!_states.TryGetValue(hash, out var state))
        {
            state = new State { Name = name };
            _states[hash] = state;
        }

        return state;
    }

    private sealed class State
    {
        public required string Name { get; init; }

        public bool Succeeded { get; set; }

        public int Failures { get; set; }

        public bool Pending { get; set; }

        public string? LastError { get; set; }
    }
}
