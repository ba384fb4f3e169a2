using System.Buffers;
using System.Globalization;
using System.Text.Json;
using AeUpdater.Operations;

namespace AeUpdater.Journaling;

/// <summary>
/// The journal as two JSON-lines files in the state directory (format in docs/guarantees.md):
/// <c>journal.jsonl</c> holds the current (or last) run, <c>plugins.jsonl</c> the plugin ledger.
/// Each line is one record; a line that does not parse (a record torn by a crash) is ignored.
/// </summary>
internal sealed class FileJournal : IJournal
{
    public const string JournalFileName = "journal.jsonl";
    public const string PluginsFileName = "plugins.jsonl";

    /// <summary>The ledger is rewritten as one summary line per plugin when it grows past this many records.</summary>
    internal const int CompactAfterRecords = 512;

    // Readable by a person: paths keep their characters (⁄, ﹛app﹜, accents) instead of \uXXXX escapes. A file, not HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _directory;
    private readonly bool _readOnly;
    private readonly bool _flushToDisk;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private FileStream? _run;

    public FileJournal(string directory, Durability durability, TimeProvider time, bool readOnly = false)
    {
        _readOnly = readOnly;
        _directory = directory;
        _flushToDisk = durability == Durability.Full;
        _time = time;
    }

    private string JournalPath => Path.Join(_directory, JournalFileName);

    private string PluginsPath => Path.Join(_directory, PluginsFileName);

    public JournalState Load(bool detailsOfEndedRun = true)
    {
        var run = !detailsOfEndedRun && LastRecordIsEnd() ? new JournalRun("", null, "", [], 0, Ended: true) : LoadRun();
        var ledger = new PluginLedger();
        foreach (var record in ReadRecords(PluginsPath))
        {
            var name = Str(record, "name") ?? "";
            var hash = Str(record, "hash");
            if (hash is null)
            {
                continue;
            }

            switch (Str(record, "type"))
            {
                case "plugin-start":
                    ledger.Started(name, hash);
                    break;
                case "plugin-end":
                    ledger.Ended(name, hash, Enum.TryParse<PluginEnd>(Str(record, "end"), out var end) ? end : PluginEnd.Failed, Str(record, "error"));
                    break;
                case "plugin-summary":
                    ledger.Summary(name, hash, record.TryGetProperty("succeeded", out var s) && s.ValueKind == JsonValueKind.True,
                        record.TryGetProperty("failures", out var f) && f.TryGetInt32(out var n) ? n : 0, Str(record, "error"));
                    break;
                case "plugin-deleted":
                    ledger.Deleted();
                    break;
            }
        }

        var entries = ledger.Entries();
        if (ledger.RecordCount > CompactAfterRecords && !_readOnly)
        {
            Compact(entries.Values);
        }

        return new JournalState(run, entries);
    }

    public void BeginRun(string runId, string root, IReadOnlyList<OperationIntent> intents)
    {
        Directory.CreateDirectory(_directory);
        var temp = Path.Join(_directory, $".{JournalFileName}.{Guid.NewGuid():N}{FileOperator.TempSuffix}");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            WriteLine(stream, w =>
            {
                w.WriteString("type", "run");
                w.WriteString("id", runId);
                w.WriteString("started", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("root", root);
                w.WriteNumber("pid", Environment.ProcessId);
                w.WriteNumber("operations", intents.Count);
            });
            foreach (var intent in intents)
            {
                WriteLine(stream, w =>
                {
                    w.WriteString("type", "intent");
                    w.WriteNumber("i", intent.Index);
                    w.WriteString("kind", intent.IsMove ? "move" : "copy");
                    w.WriteBoolean("overwrite", intent.Overwrite);
                    w.WriteString("source", intent.Source);
                    w.WriteString("destination", intent.Destination);
                });
            }

            stream.Flush(_flushToDisk);
        }

        // The new run replaces the last one (already recovered if it was unfinished) in one atomic rename.
        AtomicRename.Replace(temp, JournalPath);
        if (_flushToDisk)
        {
            AtomicRename.FlushDirectory(_directory);
        }

        _run = new FileStream(JournalPath, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    public void OperationDone(int index, OperationOutcome outcome)
    {
        if (_run is null)
        {
            return;
        }

        WriteLine(_run, w =>
        {
            w.WriteString("type", "done");
            w.WriteNumber("i", index);
            w.WriteString("outcome", outcome.ToString().ToLowerInvariant());
        });
    }

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

        WriteLine(_run, w =>
        {
            w.WriteString("type", "end");
            w.WriteString("ended", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("processed", processed);
            w.WriteNumber("failed", failed);
        });
        _run.Flush(_flushToDisk);
        _run.Dispose();
        _run = null;
    }

    public void PluginStarted(string name, string hash) => AppendPlugin(w =>
    {
        w.WriteString("type", "plugin-start");
        w.WriteString("name", name);
        w.WriteString("hash", hash);
        w.WriteString("time", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
    });

    public void PluginEnded(string name, string hash, PluginEnd end, string? error) => AppendPlugin(w =>
    {
        w.WriteString("type", "plugin-end");
        w.WriteString("name", name);
        w.WriteString("hash", hash);
        w.WriteString("end", end.ToString());
        if (error is not null)
        {
            w.WriteString("error", error);
        }

        w.WriteString("time", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
    });

    public void PluginDeleted(string name, string hash) => AppendPlugin(w =>
    {
        w.WriteString("type", "plugin-deleted");
        w.WriteString("name", name);
        w.WriteString("hash", hash);
    });

    public void Dispose()
    {
        _run?.Dispose();
        _run = null;
    }

    /// <summary>Whether the journal's last complete record is <c>end</c>, read from the file's tail only.</summary>
    private bool LastRecordIsEnd()
    {
        const int Tail = 4096;
        if (!File.Exists(JournalPath))
        {
            return false;
        }

        using var stream = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var start = Math.Max(0, stream.Length - Tail);
        stream.Position = start;
        var bytes = new byte[stream.Length - start];
        stream.ReadExactly(bytes);
        var lines = System.Text.Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || (start > 0 && lines.Length == 1))
        {
            return false; // no complete line in the tail: read the whole journal
        }

        try
        {
            using var document = JsonDocument.Parse(lines[^1]);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && Str(document.RootElement, "type") == "end";
        }
        catch (JsonException)
        {
            return false; // a torn last record: the run did not end
        }
    }

    private JournalRun? LoadRun()
    {
        string? id = null;
        string root = "";
        DateTimeOffset? started = null;
        var intents = new List<OperationIntent>();
        var done = new HashSet<int>();
        var copies = new Dictionary<int, FileId>();
        var ended = false;
        foreach (var record in ReadRecords(JournalPath))
        {
            switch (Str(record, "type"))
            {
                case "run":
                    id = Str(record, "id");
                    root = Str(record, "root") ?? "";
                    started = DateTimeOffset.TryParse(Str(record, "started"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t : null;
                    break;
                case "intent" when Str(record, "source") is { } source && Str(record, "destination") is { } destination:
                    intents.Add(new OperationIntent(
                        record.TryGetProperty("i", out var i) && i.TryGetInt32(out var n) ? n : intents.Count,
                        Str(record, "kind") == "move",
                        record.TryGetProperty("overwrite", out var o) && o.ValueKind == JsonValueKind.True,
                        source,
                        destination));
                    break;
                case "done" when record.TryGetProperty("i", out var d) && d.TryGetInt32(out var index):
                    done.Add(index);
                    break;
                case "copied" when record.TryGetProperty("i", out var c) && c.TryGetInt32(out var copied)
                    && record.TryGetProperty("dev", out var dev) && dev.TryGetUInt64(out var device)
                    && record.TryGetProperty("ino", out var ino) && ino.TryGetUInt64(out var inode):
                    copies[copied] = new FileId(device, inode);
                    break;
                case "end":
                    ended = true;
                    break;
            }
        }

        return id is null ? null : new JournalRun(id, started, root, intents, done.Count, ended, copies);
    }

    private void AppendPlugin(Action<Utf8JsonWriter> write)
    {
        Directory.CreateDirectory(_directory);
        using var stream = new FileStream(PluginsPath, FileMode.Append, FileAccess.Write, FileShare.Read, 4096);
        WriteLine(stream, write);
        stream.Flush(_flushToDisk);
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

    private void WriteLine(Stream stream, Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        _buffer.Write("\n"u8);
        stream.Write(_buffer.WrittenSpan);
    }

    private static IEnumerable<JsonElement> ReadRecords(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            JsonElement element;
            try
            {
                using var document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue; // a record torn by a crash
            }

            if (element.ValueKind == JsonValueKind.Object)
            {
                yield return element;
            }
        }
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
