using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AeUpdater.Operations;
using AeUpdater.Placeholders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Journaling;

/// <summary>
/// The journal as two JSON-lines files in the state directory (format in docs/guarantees.md):
/// <c>journal.jsonl</c> holds the current (or last) run, <c>plugins.jsonl</c> the plugin ledger.
/// Each line is one record. Reading is bounded and never throws for what the files hold: a record that is torn, not
/// UTF-8 or JSON, too long, or has a field of the wrong type is skipped with a warning (<see cref="StateFileReader"/>).
/// </summary>
internal sealed partial class FileJournal : IJournal
{
    public const string JournalFileName = "journal.jsonl";
    public const string PluginsFileName = "plugins.jsonl";

    /// <summary>The ledger is rewritten as one summary line per plugin when it grows past this many records.</summary>
    internal const int CompactAfterRecords = 512;

    /// <summary>At most this much of <c>journal.jsonl</c> is read (512 MiB, about 1.5 million intents); the rest is ignored.</summary>
    internal const long MaxJournalBytes = 512L << 20;

    /// <summary>At most this much of <c>plugins.jsonl</c> is read (64 MiB; AeUpdater keeps it far smaller by compaction).</summary>
    internal const long MaxLedgerBytes = 64L << 20;

    /// <summary>A plugin's error message is cut to this many characters in the ledger, so a record stays far below the line bound.</summary>
    internal const int MaxErrorChars = 16 * 1024;

    private readonly string _directory;
    private readonly bool _readOnly;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private FileStream? _run;

    // The JSON writer and its buffer, made when the first record that needs it is written: the plugin ledger's records
    // for plain names are formatted by hand (see PluginStarted), and a start with only an every-start plugin loads no
    // JSON library.
    private JsonLines? _json;

    public FileJournal(string directory, Durability durability, TimeProvider time, bool readOnly = false, ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
        _readOnly = readOnly;
        _directory = directory;
        _flushToDisk = durability == Durability.Full;
        _time = time;
    }

    private string JournalPath => Path.Join(_directory, JournalFileName);

    private string PluginsPath => Path.Join(_directory, PluginsFileName);

    public JournalState Load(bool detailsOfEndedRun = true)
    {
        var problems = new List<string>();
        var journal = new StateFileReader(JournalPath, MaxJournalBytes);
        JournalRun? run;
        using (var handle = journal.Open())
        {
            run = handle is null ? null
                : !detailsOfEndedRun && LastRecordIsEnd(handle) ? new JournalRun("", null, "", [], 0, Ended: true)
                : LoadRun(journal, handle);
        }

        problems.AddRange(journal.Problems);
        var ledgerReader = new StateFileReader(PluginsPath, MaxLedgerBytes);
        var ledger = new PluginLedger();
        using (var handle = ledgerReader.Open())
        {
            if (handle is not null)
            {
                foreach (var (line, record) in ledgerReader.StateRecords(handle))
                {
                    ReadLedgerRecord(ledgerReader, ledger, line, record);
                }
            }
        }

        problems.AddRange(ledgerReader.Problems);
        foreach (var problem in problems)
        {
            LogSkipped(_logger, problem);
        }

        var entries = ledger.Entries();
        if (ledger.RecordCount > CompactAfterRecords && !_readOnly && !ledgerReader.Truncated && !ledgerReader.Unreadable)
        {
            Compact(entries.Values);
        }

        return new JournalState(run, entries)
        {
            Problems = problems,
            LedgerUnreadable = ledgerReader.Unreadable ? ledgerReader.Problems[0] : null,
            LedgerTruncated = ledgerReader.Truncated,
        };
    }

    /// <summary>Folds one ledger record; a record with a missing field or a field of the wrong type is skipped.</summary>
    private static void ReadLedgerRecord(StateFileReader reader, PluginLedger ledger, long line, IStateRecord record)
    {
        var type = record.Str("type");
        var name = record.Str("name");
        var hash = record.Str("hash");
        if (type is not ("plugin-start" or "plugin-end" or "plugin-summary" or "plugin-deleted"))
        {
            return; // unknown types are ignored (a later version's records)
        }

        if (name is null || hash is null)
        {
            reader.Skip(line, $"a '{type}' record without a string 'name' and 'hash'");
            return;
        }

        switch (type)
        {
            case "plugin-start":
                ledger.Started(name, hash);
                break;
            case "plugin-end":
                var end = record.Str("end") switch
                {
                    nameof(PluginEnd.Succeeded) => PluginEnd.Succeeded,
                    nameof(PluginEnd.ReturnedFalse) => PluginEnd.ReturnedFalse,
                    nameof(PluginEnd.Failed) => PluginEnd.Failed,
                    _ => (PluginEnd?)null,
                };
                if (end is null || !record.OptionalStr("error", out var error))
                {
                    reader.Skip(line, "a 'plugin-end' record whose 'end' is not Succeeded, ReturnedFalse or Failed, or whose 'error' is not a string");
                    return;
                }

                ledger.Ended(name, hash, end.Value, error);
                break;
            case "plugin-summary":
                if (!record.TryBool("succeeded", out var succeeded) || !record.TryCount("failures", out var failures) || !record.OptionalStr("error", out var lastError))
                {
                    reader.Skip(line, "a 'plugin-summary' record without a boolean 'succeeded' and a count 'failures'");
                    return;
                }

                ledger.Summary(name, hash, succeeded, failures, lastError);
                break;
            default:
                ledger.Deleted();
                break;
        }
    }

    public void BeginRun(string runId, string root, IReadOnlyList<OperationIntent> intents)
    {
        var temp = Path.Join(_directory, $".{JournalFileName}.{Guid.NewGuid():N}{FileOperator.TempSuffix}");
        try
        {
            Directory.CreateDirectory(_directory);
            WriteRun(temp, runId, root, intents);

            // The new run replaces the last one (already recovered if it was unfinished) in one atomic rename.
            var renamed = AtomicRename.Replace(temp, JournalPath);
            if (renamed != RenameResult.Done)
            {
                throw new IOException($"the new journal could not replace '{JournalPath}' ({renamed})");
            }

            if (_flushToDisk)
            {
                AtomicRename.FlushDirectory(_directory);
            }

            _run = OpenForAppend(JournalPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new JournalWriteException(JournalPath, e);
        }
    }

    private void WriteRun(string temp, string runId, string root, IReadOnlyList<OperationIntent> intents)
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        WriteLine(stream, w =>
        {
            w.WriteString("type", "run");
            w.WriteString("id", runId);
            w.WriteString("started", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("root", root);
            w.WriteNumber("pid", Environment.ProcessId);
            w.WriteNumber("operations", intents.Count);
        });
        // One writer for every record (reset per line) and no delegate per record: with 100,000 files this loop is a
        // large part of a run's user time. Consecutive intents of one source folder into one destination folder (what a
        // drop-in folder's sub-folder gives) are one 'intents' record: the two folders once and the file names, instead of
        // two absolute paths per file (a 20,000-file move wrote about 4 MB of intents, now about 0.4 MB).
        var json = Json();
        var w = json.Writer;
        for (var start = 0; start < intents.Count;)
        {
            var count = IntentGroupLength(intents, start, out var from, out var to);
            var intent = intents[start];
            json.Buffer.ResetWrittenCount();
            w.Reset(json.Buffer);
            w.WriteStartObject();
            w.WriteString(JsonNames.TypeName, count == 1 ? JsonNames.IntentType : JsonNames.IntentsType);
            w.WriteNumber(JsonNames.IndexName, intent.Index);
            w.WriteString(JsonNames.KindName, intent.IsMove ? JsonNames.MoveKind : JsonNames.CopyKind);
            w.WriteBoolean(JsonNames.OverwriteName, intent.Overwrite);
            if (count == 1)
            {
                w.WriteString(JsonNames.SourceName, intent.Source);
                w.WriteString(JsonNames.DestinationName, intent.Destination);
            }
            else
            {
                w.WriteString(JsonNames.FromName, intent.Source.AsSpan(0, from));
                w.WriteString(JsonNames.ToName, intent.Destination.AsSpan(0, to));
                w.WriteStartArray(JsonNames.NamesName);
                for (var i = start; i < start + count; i++)
                {
                    w.WriteStringValue(intents[i].Source.AsSpan(from + 1)); // every source of the group has the same folder
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.Flush();
            json.Buffer.Write("\n"u8);
            stream.Write(json.Buffer.WrittenSpan);
            start += count;
        }

        stream.Flush(_flushToDisk);
    }

    /// <summary>At most this many file names are in one <c>intents</c> record (a line far below <see cref="StateFileReader.MaxLineBytes"/>).</summary>
    private const int MaxNamesPerRecord = 256;

    /// <summary>
    /// How many intents from <paramref name="start"/> go into one record: the run of consecutive indices with the same kind,
    /// overwrite, source folder and destination folder, each file keeping its name (at most <see cref="MaxNamesPerRecord"/>);
    /// 1 when the intent at <paramref name="start"/> is not one of such a run (it is then an <c>intent</c> record of its own).
    /// </summary>
    /// <param name="intents">The run's intents.</param>
    /// <param name="start">The first intent of the record.</param>
    /// <param name="from">The length of the group's source folder (<see cref="FolderLength"/>; -1 when it is no group).</param>
    /// <param name="to">The length of the group's destination folder (likewise).</param>
    /// <returns>How many intents the record holds.</returns>
    private static int IntentGroupLength(IReadOnlyList<OperationIntent> intents, int start, out int from, out int to)
    {
        var first = intents[start];
        from = FolderLength(first.Source);
        to = FolderLength(first.Destination);
        if (from < 0 || to < 0 || !SameName(first, from, to))
        {
            return 1;
        }

        var count = 1;
        while (start + count < intents.Count && count < MaxNamesPerRecord)
        {
            var next = intents[start + count];
            if ((long)next.Index != (long)first.Index + count || next.IsMove != first.IsMove || next.Overwrite != first.Overwrite
                || FolderLength(next.Source) != from || FolderLength(next.Destination) != to || !SameName(next, from, to)
                || !next.Source.AsSpan(0, from).SequenceEqual(first.Source.AsSpan(0, from))
                || !next.Destination.AsSpan(0, to).SequenceEqual(first.Destination.AsSpan(0, to)))
            {
                break;
            }

            count++;
        }

        return count;
    }

    private static bool SameName(OperationIntent intent, int from, int to) =>
        intent.Source.AsSpan(from + 1).SequenceEqual(intent.Destination.AsSpan(to + 1));

    /// <summary>
    /// The length of <paramref name="path"/>'s folder when the path is that folder (absolute, not ending in a separator), one
    /// separator and a file name, so that <c>Path.Join(folder, name)</c> gives the path back; -1 otherwise (a file in a root).
    /// </summary>
    private static int FolderLength(string path)
    {
        var separator = path.LastIndexOf(Path.DirectorySeparatorChar);
        if (separator <= 0 || separator == path.Length - 1 || path[separator - 1] == Path.DirectorySeparatorChar
            || path[separator - 1] == Path.AltDirectorySeparatorChar
            || path.AsSpan(separator + 1).Contains(Path.AltDirectorySeparatorChar)
            || !Path.IsPathFullyQualified(path.AsSpan(0, separator)))
        {
            return -1;
        }

        return separator;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover hidden temporary file is harmless; the next rewrite uses another name.
        }
    }

    public void OperationDone(int index, OperationOutcome outcome)
    {
        if (_run is null)
        {
            return;
        }

        // Advisory: a failed write (a full disk) stops the done records, never the run. The record is formatted by hand
        // (the same bytes the JSON writer makes: a number and a fixed lower-case name), into the stream's buffer, so a
        // done record allocates nothing; the stream writes to the file when its 64 KiB buffer is full.
        Span<byte> line = stackalloc byte[64];
        "{\"type\":\"done\",\"i\":"u8.CopyTo(line);
        var length = "{\"type\":\"done\",\"i\":"u8.Length;
        index.TryFormat(line[length..], out var digits, provider: CultureInfo.InvariantCulture);
        length += digits;
        ",\"outcome\":\""u8.CopyTo(line[length..]);
        length += ",\"outcome\":\""u8.Length;
        var name = OutcomeName(outcome);
        name.CopyTo(line[length..]);
        length += name.Length;
        "\"}\n"u8.CopyTo(line[length..]);
        length += "\"}\n"u8.Length;
        try
        {
            _run.Write(line[..length]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseAfterWriteFailure(e);
        }
    }

    /// <summary>The outcome's name as the done record spells it (lower case).</summary>
    internal static ReadOnlySpan<byte> OutcomeName(OperationOutcome outcome) => outcome switch
    {
        OperationOutcome.Copied => "copied"u8,
        OperationOutcome.Moved => "moved"u8,
        OperationOutcome.Skipped => "skipped"u8,
        OperationOutcome.Failed => "failed"u8,
        OperationOutcome.Planned => "planned"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public void MoveCopied(int index, FileId copy)
    {
        if (_run is null)
        {
            return;
        }

        WriteLine(_run, w =>
        {
            w.WriteString("type", "copied");
            w.WriteNumber("i", index);
            w.WriteNumber("dev", copy.Device);
            w.WriteNumber("ino", copy.Inode);
        });
        _run.Flush(_flushToDisk);
    }

    public void EndRun(int processed, int failed)
    {
        if (_run is null)
        {
            return;
        }

        // Without its end record the run looks interrupted and the next start recovers it: harmless, as recovery and
        // re-planning are idempotent. So a failed write is a warning, not a failure of the run.
        if (TryWriteRun(w =>
        {
            w.WriteString("type", "end");
            w.WriteString("ended", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("processed", processed);
            w.WriteNumber("failed", failed);
        }, flush: true))
        {
            _run?.Dispose();
            _run = null;
        }
    }

    private bool TryWriteRun(Action<Utf8JsonWriter> write, bool flush = false)
    {
        try
        {
            WriteLine(_run!, write);
            if (flush)
            {
                _run!.Flush(_flushToDisk);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseAfterWriteFailure(e);
            return false;
        }
    }

    private void CloseAfterWriteFailure(Exception e)
    {
        LogRunWriteFailed(_logger, JournalPath, e.Message);
        try
        {
            _run?.Dispose();
        }
        catch (IOException)
        {
            // The buffered records are lost with the handle; they were advisory.
        }

        _run = null;
    }

    public void PluginStarted(string name, string hash, bool durable = true)
    {
        var time = Now();
        if (IsPlain(name) && IsPlain(hash) && IsPlain(time))
        {
            // The bytes the JSON writer makes for these strings (no character of them is escaped), without loading it.
            AppendPlugin(FastUnix.Encode($"{{\"type\":\"plugin-start\",\"name\":\"{name}\",\"hash\":\"{hash}\",\"time\":\"{time}\"}}\n", nulTerminated: false), durable);
            return;
        }

        PluginStartedJson(name, hash, time, durable);
    }

    // The JSON-writer forms in methods of their own: a lambda that captures parameters allocates its closure at the
    // method's start, which would load System.Text.Json on the plain path too.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PluginStartedJson(string name, string hash, string time, bool durable) => AppendPluginJson(
        w =>
        {
            w.WriteString("type", "plugin-start");
            w.WriteString("name", name);
            w.WriteString("hash", hash);
            w.WriteString("time", time);
        },
        durable);

    public void PluginEnded(string name, string hash, PluginEnd end, string? error)
    {
        var time = Now();
        if (error is null && IsPlain(name) && IsPlain(hash) && IsPlain(time))
        {
            AppendPlugin(FastUnix.Encode($"{{\"type\":\"plugin-end\",\"name\":\"{name}\",\"hash\":\"{hash}\",\"end\":\"{EndName(end)}\",\"time\":\"{time}\"}}\n", nulTerminated: false));
            return;
        }

        PluginEndedJson(name, hash, end, error, time);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PluginEndedJson(string name, string hash, PluginEnd end, string? error, string time) => AppendPluginJson(w =>
    {
        w.WriteString("type", "plugin-end");
        w.WriteString("name", name);
        w.WriteString("hash", hash);
        w.WriteString("end", EndName(end));
        if (error is not null)
        {
            w.WriteString("error", error.Length > MaxErrorChars ? error[..MaxErrorChars] + "…" : error);
        }

        w.WriteString("time", time);
    });

    public void PluginDeleted(string name, string hash)
    {
        if (IsPlain(name) && IsPlain(hash))
        {
            AppendPlugin(FastUnix.Encode($"{{\"type\":\"plugin-deleted\",\"name\":\"{name}\",\"hash\":\"{hash}\"}}\n", nulTerminated: false));
            return;
        }

        PluginDeletedJson(name, hash);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void PluginDeletedJson(string name, string hash) => AppendPluginJson(w =>
    {
        w.WriteString("type", "plugin-deleted");
        w.WriteString("name", name);
        w.WriteString("hash", hash);
    });

    /// <summary>The record time: the round-trip format ("O"), ASCII digits and <c>-:.+T</c>, which the JSON writer never escapes.</summary>
    private string Now() => StartupText.RoundTrip(_time.GetUtcNow());

    /// <summary>The end's name as the ledger spells it (the enum's name).</summary>
    private static string EndName(PluginEnd end) => end switch
    {
        PluginEnd.Succeeded => nameof(PluginEnd.Succeeded),
        PluginEnd.ReturnedFalse => nameof(PluginEnd.ReturnedFalse),
        PluginEnd.Failed => nameof(PluginEnd.Failed),
        _ => end.ToString(),
    };

    /// <summary>
    /// Whether the JSON writer (with the relaxed encoder this journal uses) writes the string as it is: ASCII letters,
    /// digits and <c>_-.:+</c> only. Plugin names and hashes are such strings; anything else goes through the writer.
    /// </summary>
    internal static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '+'))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        _run?.Dispose();
        _run = null;
        _json?.Dispose();
        _json = null;
    }

    /// <summary>Whether the journal's last complete record is <c>end</c>, read from the file's tail only.</summary>
    private static bool LastRecordIsEnd(SafeFileHandle handle)
    {
        const int Tail = 4096;
        long length;
        try
        {
            length = RandomAccess.GetLength(handle);
        }
        catch (IOException)
        {
            return false;
        }

        var start = Math.Max(0, length - Tail);
        var lines = new StateFileReader("tail", Tail).Lines(handle, start).ToList();
        if (lines.Count == 0 || (start > 0 && lines.Count == 1))
        {
            return false; // no complete line in the tail: read the whole journal
        }

        // A torn last record does not parse: the run did not end.
        return StateFileReader.ParseRecord(lines[^1].Bytes, out _) is { } last && last.Str("type") == "end";
    }

    private static JournalRun? LoadRun(StateFileReader reader, SafeFileHandle handle)
    {
        string? id = null;
        string root = "";
        DateTimeOffset? started = null;
        var intents = new List<OperationIntent>();
        var done = new HashSet<int>();
        var copies = new Dictionary<int, FileId>();
        var ended = false;
        DateTimeOffset? endedAt = null;
        int? processed = null;
        int? failed = null;
        foreach (var (line, record) in reader.Records(handle))
        {
            var type = Str(record, "type");
            if (type is null)
            {
                reader.Skip(line, "a record without a string 'type'");
                continue;
            }

            if (line == 1 != (type == "run"))
            {
                // A journal is one run: its 'run' record first, the rest after; anything else was not written by AeUpdater.
                reader.Skip(line, line == 1 ? $"the first record is '{type}', not 'run'" : "a second 'run' record");
                continue;
            }

            switch (type)
            {
                case "run":
                    id = Str(record, "id");
                    if (id is null || !OptionalStr(record, "root", out var runRoot) || !OptionalStr(record, "started", out var startedText))
                    {
                        reader.Skip(line, "a 'run' record without a string 'id'");
                        id = null;
                        break;
                    }

                    root = runRoot ?? "";
                    started = DateTimeOffset.TryParse(startedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;
                    break;
                case "intent":
                    if (TryIntent(record, out var intent, out var why))
                    {
                        intents.Add(intent);
                    }
                    else
                    {
                        reader.Skip(line, why);
                    }

                    break;
                case "intents":
                    if (!TryIntents(record, intents, out var whyNot))
                    {
                        reader.Skip(line, whyNot);
                    }

                    break;
                case "done":
                    if (TryCount(record, "i", out var index))
                    {
                        done.Add(index);
                    }
                    else
                    {
                        reader.Skip(line, "a 'done' record without an index 'i'");
                    }

                    break;
                case "copied":
                    if (TryCount(record, "i", out var copied) && TryUInt64(record, "dev", out var device) && TryUInt64(record, "ino", out var inode))
                    {
                        copies[copied] = new FileId(device, inode);
                    }
                    else
                    {
                        reader.Skip(line, "a 'copied' record without an index 'i' and numbers 'dev' and 'ino'");
                    }

                    break;
                case "end":
                    ended = true;
                    endedAt = OptionalStr(record, "ended", out var endedText)
                        && DateTimeOffset.TryParse(endedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var e) ? e : null;
                    processed = TryCount(record, "processed", out var p) ? p : null;
                    failed = TryCount(record, "failed", out var f) ? f : null;
                    break;
            }
        }

        return id is null ? null : new JournalRun(id, started, root, intents, done.Count, ended, copies) { EndedAt = endedAt, Processed = processed, Failed = failed };
    }

    /// <summary>An intent as AeUpdater writes it: index, kind, absolute normalised paths; anything else is refused.</summary>
    private static bool TryIntent(JsonElement record, out OperationIntent intent, out string why)
    {
        intent = null!;
        var kind = Str(record, "kind");
        var source = Str(record, "source");
        var destination = Str(record, "destination");
        if (!TryCount(record, "i", out var index) || kind is not ("copy" or "move") || !TryBool(record, "overwrite", out var overwrite)
            || source is null || destination is null)
        {
            why = "an 'intent' record without an index 'i', a 'kind' copy or move, a boolean 'overwrite' and string paths";
            return false;
        }

        if (!IsPlainAbsolute(source) || !IsPlainAbsolute(destination))
        {
            why = "an 'intent' record whose paths are not absolute and normalised";
            return false;
        }

        intent = new OperationIntent(index, kind == "move", overwrite, source, destination);
        why = "";
        return true;
    }

    /// <summary>
    /// An <c>intents</c> record as AeUpdater writes it (consecutive intents of one source folder into one destination folder):
    /// index of the first, kind, overwrite, absolute normalised folders <c>from</c> and <c>to</c>, and a non-empty array of
    /// file names, each a single name (no separator, not <c>.</c> or <c>..</c>) kept at the destination. The record is taken
    /// whole or not at all; its intents are added to <paramref name="intents"/>.
    /// </summary>
    private static bool TryIntents(JsonElement record, List<OperationIntent> intents, out string why)
    {
        var kind = Str(record, "kind");
        var from = Str(record, "from");
        var to = Str(record, "to");
        if (!TryCount(record, "i", out var first) || kind is not ("copy" or "move") || !TryBool(record, "overwrite", out var overwrite)
            || from is null || to is null || !record.TryGetProperty("names", out var names) || names.ValueKind != JsonValueKind.Array
            || names.GetArrayLength() == 0)
        {
            why = "an 'intents' record without an index 'i', a 'kind' copy or move, a boolean 'overwrite', string folders 'from' and 'to' and a non-empty array 'names'";
            return false;
        }

        if (!IsPlainAbsolute(from) || !IsPlainAbsolute(to))
        {
            why = "an 'intents' record whose folders are not absolute and normalised";
            return false;
        }

        if ((long)first + names.GetArrayLength() - 1 > int.MaxValue)
        {
            why = "an 'intents' record whose indices go past the largest index";
            return false;
        }

        var group = new List<OperationIntent>(names.GetArrayLength());
        foreach (var element in names.EnumerateArray())
        {
            var name = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
            if (name is null || name.Length == 0 || name is "." or ".." || name.Contains('\0', StringComparison.Ordinal)
                || name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || name.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
            {
                why = "an 'intents' record with a name that is not a single file name";
                return false;
            }

            var source = Path.Join(from, name);
            var destination = Path.Join(to, name);
            if (!IsPlainAbsolute(source) || !IsPlainAbsolute(destination))
            {
                why = "an 'intents' record whose paths are not absolute and normalised";
                return false;
            }

            group.Add(new OperationIntent(first + group.Count, kind == "move", overwrite, source, destination));
        }

        intents.AddRange(group);
        why = "";
        return true;
    }

    private static bool IsPlainAbsolute(string path) =>
        path.Length > 0 && !path.Contains('\0', StringComparison.Ordinal) && Path.IsPathFullyQualified(path)
            && string.Equals(Path.GetFullPath(path), path, StringComparison.Ordinal);

    private void AppendPlugin(ReadOnlySpan<byte> line, bool durable = true)
    {
        try
        {
            Directory.CreateDirectory(_directory);
            using var stream = OpenForAppend(PluginsPath);
            EndTornLine(stream);
            stream.Write(line);
            stream.Flush(_flushToDisk && durable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JournalWriteException(PluginsPath, e);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void AppendPluginJson(Action<Utf8JsonWriter> write, bool durable = true) => AppendPlugin(Json().Format(write), durable);

    /// <summary>
    /// Starts a new line when the file ends in a record torn by a crash, so that the record appended next is not glued
    /// to it (and lost with it).
    /// </summary>
    private static void EndTornLine(FileStream stream)
    {
        var length = stream.Length;
        if (length == 0)
        {
            return;
        }

        Span<byte> last = stackalloc byte[1];
        if (RandomAccess.Read(stream.SafeFileHandle, last, length - 1) == 1 && last[0] != (byte)'\n')
        {
            stream.Write("\n"u8);
        }
    }

    /// <summary>Opens a state file to append to it, never following a link and never a FIFO or device (Unix).</summary>
    private static FileStream OpenForAppend(string path)
    {
        if (!StateNative.IsSupported)
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        }

        var handle = StateNative.OpenWrite(path, create: true, out var errno)
            ?? throw new IOException($"'{path}' cannot be opened for writing: {(StateNative.IsLinkErrno(errno) ? "it is a symbolic link" : StateNative.Message(errno))}", errno);
        if (!StateNative.TryGetType(handle, out var kind, out _) || kind != FileKind.Regular)
        {
            handle.Dispose();
            throw new IOException($"'{path}' is not a regular file ({kind})");
        }

        var stream = new FileStream(handle, FileAccess.Write, 1 << 16);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>Replaces the ledger atomically by one <c>plugin-summary</c> line per entry (what compaction writes).</summary>
    internal void Rewrite(IEnumerable<PluginLedgerEntry> entries)
    {
        Compact(entries);
        if (_flushToDisk)
        {
            AtomicRename.FlushDirectory(_directory);
        }
    }

    private void Compact(IEnumerable<PluginLedgerEntry> entries)
    {
        var temp = Path.Join(_directory, $".{PluginsFileName}.{Guid.NewGuid():N}{FileOperator.TempSuffix}");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var entry in entries)
            {
                WriteLine(stream, w =>
                {
                    w.WriteString("type", "plugin-summary");
                    w.WriteString("name", entry.Name);
                    w.WriteString("hash", entry.Hash);
                    w.WriteBoolean("succeeded", entry.Succeeded);
                    w.WriteNumber("failures", entry.ConsecutiveFailures);
                    if (entry.LastError is not null)
                    {
                        w.WriteString("error", entry.LastError);
                    }
                });
            }

            stream.Flush(_flushToDisk);
        }

        AtomicRename.Replace(temp, PluginsPath);
    }

    private void WriteLine(Stream stream, Action<Utf8JsonWriter> write) => stream.Write(Json().Format(write));

    private JsonLines Json() => _json ??= new JsonLines();

    /// <summary>The names the journal's writer writes most, and its options.</summary>
    /// <remarks>Not in <see cref="JsonLines"/>: value-type statics there would load System.Text.Json with that class.</remarks>
    private static class JsonNames
    {
        public static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText IndexName = JsonEncodedText.Encode("i");
        public static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText OverwriteName = JsonEncodedText.Encode("overwrite");
        public static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
        public static readonly JsonEncodedText DestinationName = JsonEncodedText.Encode("destination");
        public static readonly JsonEncodedText IntentType = JsonEncodedText.Encode("intent");
        public static readonly JsonEncodedText IntentsType = JsonEncodedText.Encode("intents");
        public static readonly JsonEncodedText FromName = JsonEncodedText.Encode("from");
        public static readonly JsonEncodedText ToName = JsonEncodedText.Encode("to");
        public static readonly JsonEncodedText NamesName = JsonEncodedText.Encode("names");
        public static readonly JsonEncodedText MoveKind = JsonEncodedText.Encode("move");
        public static readonly JsonEncodedText CopyKind = JsonEncodedText.Encode("copy");

        // Readable by a person: paths keep their characters (⁄, ﹛app﹜, accents) instead of \uXXXX escapes. A file, not HTML.
        public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }

    /// <summary>The one JSON writer of this journal (reset for each line) and its buffer.</summary>
    private sealed class JsonLines : IDisposable
    {
        public JsonLines() => Writer = new Utf8JsonWriter(Buffer, JsonNames.WriterOptions);

        public ArrayBufferWriter<byte> Buffer { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        /// <summary>One record as a line (with its <c>\n</c>), valid until the next call.</summary>
        public ReadOnlySpan<byte> Format(Action<Utf8JsonWriter> write)
        {
            Buffer.ResetWrittenCount();
            Writer.Reset(Buffer);
            Writer.WriteStartObject();
            write(Writer);
            Writer.WriteEndObject();
            Writer.Flush();
            Buffer.Write("\n"u8);
            return Buffer.WrittenSpan;
        }

        public void Dispose() => Writer.Dispose();
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An optional string field: absent or null gives <see langword="null"/>; another type is invalid.</summary>
    private static bool OptionalStr(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return value is not null;
    }

    private static bool TryBool(JsonElement element, string name, out bool value)
    {
        value = element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.True;
        return property.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>A non-negative 32-bit integer field (never throws for another JSON type).</summary>
    private static bool TryCount(JsonElement element, string name, out int value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number
            && property.TryGetInt32(out value) && value >= 0;
    }

    private static bool TryUInt64(JsonElement element, string name, out ulong value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetUInt64(out value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The journal {Journal} could not be written ({Error}); the run goes on, and the next start treats it as interrupted")]
    private static partial void LogRunWriteFailed(ILogger logger, string journal, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State directory: {Problem}")]
    private static partial void LogSkipped(ILogger logger, string problem);
}
