using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace AeUpdater.Journaling;

/// <summary>
/// Reads a JSON-lines file of the state directory defensively: opened without following a link and without blocking
/// (<c>O_NOFOLLOW | O_NONBLOCK</c>), accepted only if the opened handle is a regular file, read up to a byte bound,
/// lines longer than <see cref="MaxLineBytes"/> skipped, each line parsed as strict UTF-8 JSON. Nothing here throws
/// for what the file holds; every skipped line and refusal is counted in <see cref="Problems"/>.
/// </summary>
internal sealed class StateFileReader
{
    /// <summary>The longest record read (1 MiB; two paths of the longest kind, escaped, fit many times).</summary>
    public const int MaxLineBytes = 1 << 20;

    private const int Chunk = 1 << 16;
    private const int MaxProblemsListed = 5;

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly List<string> _problems = [];
    private int _skipped;

    public StateFileReader(string path, long maxBytes)
    {
        _path = path;
        _maxBytes = maxBytes;
    }

    /// <summary>Whether the file exists but could not be opened or is not a regular file.</summary>
    public bool Unreadable { get; private set; }

    /// <summary>Whether reading stopped at the byte bound before the end of the file.</summary>
    public bool Truncated { get; private set; }

    /// <summary>What was skipped or refused, one line each (the first few skipped records, then a count).</summary>
    public IReadOnlyList<string> Problems => _skipped > MaxProblemsListed
        ? [.. _problems, $"'{_path}': {_skipped - MaxProblemsListed} more malformed record(s) skipped"]
        : _problems;

    /// <summary>Notes a record that parsed as JSON but is not a valid record (wrong field type, missing field).</summary>
    public void Skip(long line, string why)
    {
        _skipped++;
        if (_skipped <= MaxProblemsListed)
        {
            _problems.Add($"'{_path}' line {line}: {why}; record skipped");
        }
    }

    /// <summary>Opens the file for reading; <see langword="null"/> when it does not exist or is refused (then <see cref="Unreadable"/>).</summary>
    public SafeFileHandle? Open()
    {
        if (StateNative.IsSupported)
        {
            var handle = StateNative.OpenRead(_path, out var errno);
            if (handle is null)
            {
                if (errno != StateNative.ENOENT)
                {
                    Refuse(StateNative.IsLinkErrno(errno) ? "it is a symbolic link, which is never followed" : StateNative.Message(errno));
                }

                return null;
            }

            if (!StateNative.TryGetType(handle, out var kind, out _) || kind != FileKind.Regular)
            {
                handle.Dispose();
                Refuse($"it is not a regular file ({kind})");
                return null;
            }

            return handle;
        }

        try
        {
            var info = new FileInfo(_path);
            if (info.LinkTarget is not null || Directory.Exists(_path))
            {
                Refuse("it is a link or a folder, not a regular file");
                return null;
            }

            return info.Exists ? File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Refuse(e.Message);
            return null;
        }
    }

    /// <summary>The JSON objects of the file from <paramref name="offset"/>, with their line numbers; bad lines are skipped and noted.</summary>
    public IEnumerable<(long Line, JsonElement Record)> Records(SafeFileHandle handle, long offset = 0)
    {
        foreach (var (number, bytes) in Lines(handle, offset))
        {
            if (TryParse(bytes, out var element, out var why))
            {
                yield return (number, element);
            }
            else
            {
                Skip(number, why);
            }
        }
    }

    /// <summary>
    /// Parses one line as a JSON object (strict UTF-8), in the plain form without a JSON library when it is in that form
    /// (<see cref="PlainRecord"/>), else with the full parser; never throws. <see langword="null"/> and why when it is not
    /// a JSON object.
    /// </summary>
    public static IStateRecord? ParseRecord(ReadOnlyMemory<byte> bytes, out string why)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes.Span) && PlainRecord.TryParse(bytes.Span, out var plain))
        {
            why = "";
            return plain;
        }

        return TryParseJsonRecord(bytes, out var record, out why) ? record : null;
    }

    // Its own method, typed by the interface: a line in the plain form never loads System.Text.Json (the JIT loads the
    // types a method names when it compiles it, whichever branch runs; JsonRecord holds a JsonElement).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool TryParseJsonRecord(ReadOnlyMemory<byte> bytes, out IStateRecord? record, out string why)
    {
        record = TryParse(bytes, out var element, out why) ? new JsonRecord(element) : null;
        return record is not null;
    }

    /// <summary>The records of the file from <paramref name="offset"/>, parsed by <see cref="ParseRecord"/>, with their line numbers; bad lines are skipped and noted.</summary>
    public IEnumerable<(long Line, IStateRecord Record)> StateRecords(SafeFileHandle handle, long offset = 0)
    {
        foreach (var (number, bytes) in Lines(handle, offset))
        {
            if (ParseRecord(bytes, out var why) is { } record)
            {
                yield return (number, record);
            }
            else
            {
                Skip(number, why);
            }
        }
    }

    /// <summary>Parses one line as a JSON object (strict UTF-8); never throws.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> bytes, out JsonElement record, out string why)
    {
        record = default;
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
        {
            why = "not valid UTF-8";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            record = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            // Invalid JSON or invalid UTF-8; the last record torn by a crash is one of these.
            why = $"not a JSON record ({e.Message})";
            return false;
        }

        why = record.ValueKind == JsonValueKind.Object ? "" : "not a JSON object";
        return record.ValueKind == JsonValueKind.Object;
    }

    /// <summary>The file's lines from <paramref name="offset"/> (without <c>\n</c>), at most <see cref="MaxLineBytes"/> each, up to the byte bound.</summary>
    public IEnumerable<(long Line, ReadOnlyMemory<byte> Bytes)> Lines(SafeFileHandle handle, long offset)
    {
        var buffer = new byte[Chunk];
        var line = new LineBuffer();
        var overLong = false;
        long number = 1;
        var position = offset;
        var end = offset + _maxBytes;
        while (true)
        {
            var want = (int)Math.Min(Chunk, end - position);
            int read;
            try
            {
                read = want <= 0 ? 0 : RandomAccess.Read(handle, buffer.AsSpan(0, want), position);
            }
            catch (IOException e)
            {
                Refuse($"reading stopped at byte {position}: {e.Message}");
                read = 0;
            }

            if (read == 0)
            {
                if (want <= 0 && Size(handle) > position)
                {
                    Truncated = true;
                    _problems.Add($"'{_path}': only the first {_maxBytes} bytes were read (the file is larger than AeUpdater ever writes it); the rest is ignored");
                }

                break;
            }

            position += read;
            var at = 0;
            while (at < read)
            {
                var found = buffer.AsSpan(at, read - at).IndexOf((byte)'\n');
                var partLength = found < 0 ? read - at : found;
                if (!overLong)
                {
                    if (line.Count + partLength > MaxLineBytes)
                    {
                        overLong = true;
                        line.Reset();
                    }
                    else
                    {
                        line.Write(buffer.AsSpan(at, partLength));
                    }
                }

                if (found < 0)
                {
                    break;
                }

                if (overLong)
                {
                    Skip(number, $"longer than {MaxLineBytes} bytes");
                }
                else if (line.Count > 0)
                {
                    yield return (number, line.ToArray());
                }

                line.Reset();
                overLong = false;
                number++;
                at += partLength + 1;
            }
        }

        if (overLong)
        {
            Skip(number, $"longer than {MaxLineBytes} bytes");
        }
        else if (line.Count > 0)
        {
            yield return (number, line.ToArray()); // a last line without '\n' (torn, or written so)
        }
    }

    private static long Size(SafeFileHandle handle)
    {
        try
        {
            return RandomAccess.GetLength(handle);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private void Refuse(string why)
    {
        Unreadable = true;
        _problems.Add($"'{_path}' cannot be read: {why}; ignored");
    }

    /// <summary>The bytes of the current line (a plain class of AeUpdater's: <c>ArrayBufferWriter&lt;byte&gt;</c> is compiled by the JIT at start-up even in a ReadyToRun app).</summary>
    private sealed class LineBuffer
    {
        private byte[] _bytes = new byte[256];

        public int Count { get; private set; }

        public void Write(ReadOnlySpan<byte> part)
        {
            if (Count + part.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Count + part.Length));
            }

            part.CopyTo(_bytes.AsSpan(Count));
            Count += part.Length;
        }

        public void Reset() => Count = 0;

        public byte[] ToArray() => _bytes.AsSpan(0, Count).ToArray();
    }
}
