using System.Collections;
using AeUpdater.Collections;
using AeUpdater.Rules;

namespace AeUpdater.Planning;

/// <summary>
/// A plan's operations, packed: for the common operation (a plain relative path, not refused) a value without references
/// (the rule's number, where its relative paths lie in a shared character buffer, two flags) in a <see cref="ChunkedList{T}"/>,
/// and its relative paths' characters in chunks of at most 64 KiB. The rare rest (refused operations, paths planned the
/// slow way) is kept as the <see cref="PlannedOperation"/> the planner made.
/// </summary>
/// <remarks>
/// A plan of 100,000 files held 200,000 small objects (an operation and its relative path each) until the run ended;
/// the collector marked and promoted them, and a full collection per plan or so marked them again, which made planning
/// grow faster than the number of files (docs/performance.md, "Planning: fifth round"). Packed, the plan is a few dozen
/// arrays the collector does not look into. An operation is made from its values when it is first read, and kept: the
/// journal's intents, the executor and the report share one object (and its joined paths) per file, as before. Reads may
/// come from several threads; appending may not overlap reading.
/// </remarks>
internal sealed class OperationList : IReadOnlyList<PlannedOperation>
{
    /// <summary>The characters per buffer chunk (64 KiB: below the large-object heap's 85,000 bytes).</summary>
    internal const int CharChunkLength = 32 * 1024;

    private const int CharShift = 15;

    private readonly List<DropInRule> _rules = [];
    private readonly ChunkedList<Packed> _packed = new();
    private readonly List<PlannedOperation> _prebuilt = [];
    private readonly List<char[]> _chars = [];
    /// <summary>The characters used in the last chunk.</summary>
    private int _charsUsed;

    /// <summary>The operations made so far, by chunk of <see cref="ChunkedList{T}.ChunkLength"/> (allocated on first read).</summary>
    private PlannedOperation?[]?[] _made = [];

    /// <inheritdoc/>
    public int Count => _packed.Count;

    /// <summary>The character chunks (the last one may be partly used); for tests.</summary>
    internal IReadOnlyList<char[]> CharChunks => _chars;

    /// <summary>The packed values' chunks; for tests.</summary>
    internal static int PackedChunkBytes => ChunkedList<Packed>.ChunkLength * System.Runtime.CompilerServices.Unsafe.SizeOf<Packed>();

    /// <summary>How many operations are kept as objects from the start (refused, or planned the slow way); for tests.</summary>
    internal int PrebuiltCount => _prebuilt.Count;

    /// <inheritdoc/>
    public PlannedOperation this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the plan holds {Count} operations");
            }

            var chunkLength = ChunkedList<Packed>.ChunkLength;
            var made = Volatile.Read(ref _made);
            var outer = index / chunkLength;
            if (outer >= made.Length)
            {
                var grown = new PlannedOperation?[]?[(Count + chunkLength - 1) / chunkLength];
                Array.Copy(made, grown, made.Length);
                made = Interlocked.CompareExchange(ref _made, grown, made) == made ? grown : Volatile.Read(ref _made);
            }

            var chunk = Volatile.Read(ref made[outer]);
            if (chunk is null)
            {
                chunk = new PlannedOperation?[chunkLength];
                chunk = Interlocked.CompareExchange(ref made[outer], chunk, null) ?? chunk;
            }

            var inner = index % chunkLength;
            return Volatile.Read(ref chunk[inner]) ?? Interlocked.CompareExchange(ref chunk[inner], Make(index), null) ?? chunk[inner]!;
        }
    }

    /// <summary>
    /// Appends an operation whose destination is <paramref name="destinationRelative"/> below the rule's destination (see
    /// <see cref="PlannedOperation(DropInRule, string, string, bool, bool)"/>).
    /// </summary>
    /// <returns>Whether it is kept packed (else, a path longer than a chunk, as the object).</returns>
    public bool AddPlain(DropInRule rule, string relativePath, string destinationRelative, bool sourceIsLink, bool resolved)
    {
        var same = string.Equals(relativePath, destinationRelative, StringComparison.Ordinal);
        var needed = relativePath.Length + (same ? 0 : destinationRelative.Length);
        if (needed > CharChunkLength)
        {
            // Longer than a chunk (never a real path): kept as the object.
            Add(new PlannedOperation(rule, relativePath, destinationRelative, sourceIsLink, resolved));
            return false;
        }

        var path = Append(relativePath, needed);
        var destination = same ? -1 : Append(destinationRelative, destinationRelative.Length);
        _packed.Add(new Packed(RuleNumber(rule), path, relativePath.Length, destination, destinationRelative.Length, -1, sourceIsLink, resolved));
        return true;
    }

    /// <summary>Appends an operation kept as the given object (refused, or planned the slow way).</summary>
    public void Add(PlannedOperation operation)
    {
        _prebuilt.Add(operation);
        _packed.Add(new Packed(-1, 0, 0, -1, 0, _prebuilt.Count - 1, false, false));
    }

    /// <summary>
    /// The scanner's entry an operation kept packed was planned from (a plain path, no error), or <see langword="null"/>
    /// for one kept as an object; for the planner's fall-back sort, before anything is read.
    /// </summary>
    internal SourceEntry? PackedEntry(int index)
    {
        var packed = _packed[index];
        return packed.Prebuilt >= 0 ? null : new SourceEntry(new string(Chars(packed.Path, packed.PathLength)), packed.SourceIsLink);
    }

    /// <summary>Removes the operations from <paramref name="count"/> on; only before any operation was read.</summary>
    internal void RemoveFrom(int count)
    {
        if (_made.Length > 0)
        {
            throw new InvalidOperationException("operations of the plan were read already; the plan can no longer change");
        }

        for (var i = count; i < Count; i++)
        {
            if (_packed[i].Prebuilt is var prebuilt and >= 0)
            {
                _prebuilt.RemoveRange(prebuilt, _prebuilt.Count - prebuilt);
                break;
            }
        }

        // The removed operations' characters stay in the buffer unused (a rare path: entries listed out of order).
        _packed.RemoveFrom(count);
    }

    /// <inheritdoc/>
    public IEnumerator<PlannedOperation> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private PlannedOperation Make(int index)
    {
        var packed = _packed[index];
        if (packed.Prebuilt >= 0)
        {
            return _prebuilt[packed.Prebuilt];
        }

        // No string of the relative path: the operation joins its paths from the buffer's characters.
        var relativePath = Memory(packed.Path, packed.PathLength);
        var destinationRelative = packed.Destination < 0 ? relativePath : Memory(packed.Destination, packed.DestinationLength);
        return new PlannedOperation(_rules[packed.Rule], relativePath, destinationRelative, packed.SourceIsLink, packed.Resolved);
    }

    private ReadOnlySpan<char> Chars(int position, int length) => Memory(position, length).Span;

    private ReadOnlyMemory<char> Memory(int position, int length) =>
        _chars[position >> CharShift].AsMemory(position & (CharChunkLength - 1), length);

    /// <summary>
    /// Copies <paramref name="text"/> into the buffer and returns its position (chunk number and offset); a new chunk is
    /// started when <paramref name="reserve"/> characters (this text and what follows it) do not fit the current one, so
    /// that an operation's paths never span chunks.
    /// </summary>
    private int Append(string text, int reserve)
    {
        if (_chars.Count == 0 || _charsUsed + reserve > _chars[^1].Length)
        {
            var last = _chars.Count == 0 ? null : _chars[^1];
            if (last is not null && last.Length < CharChunkLength && _charsUsed + reserve <= CharChunkLength)
            {
                // The first chunk starts small (most plans are short) and doubles up to the full chunk length.
                var grown = new char[Math.Min(CharChunkLength, Math.Max(last.Length * 2, _charsUsed + reserve))];
                Array.Copy(last, grown, _charsUsed);
                _chars[^1] = grown;
            }
            else
            {
                _chars.Add(new char[_chars.Count == 0 ? Math.Max(256, reserve) : CharChunkLength]);
                _charsUsed = 0;
            }
        }

        var offset = _charsUsed;
        text.CopyTo(_chars[^1].AsSpan(offset));
        _charsUsed += text.Length;
        return ((_chars.Count - 1) << CharShift) | offset;
    }

    private int RuleNumber(DropInRule rule)
    {
        if (_rules.Count == 0 || !ReferenceEquals(_rules[^1], rule))
        {
            _rules.Add(rule);
        }

        return _rules.Count - 1;
    }

    /// <summary>One operation: the rule's number, where its paths are in the buffer, its flags; or the index of the object kept.</summary>
    private readonly record struct Packed(
        int Rule, int Path, int PathLength, int Destination, int DestinationLength, int Prebuilt, bool SourceIsLink, bool Resolved);
}
