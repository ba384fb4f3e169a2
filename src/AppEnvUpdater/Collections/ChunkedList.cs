using System.Collections;
using System.Runtime.CompilerServices;

namespace AeUpdater.Collections;

/// <summary>
/// An append-only list stored in fixed-size chunks of at most <see cref="MaxChunkBytes"/> bytes each, so that no array of
/// it lands in the large-object heap (85,000 bytes and more), whose allocations count towards a full (gen 2) collection,
/// and nothing is copied when it grows. Used for the plan's per-file lists, which hold 100,000 entries and more.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    /// <summary>The largest chunk in bytes (below the large-object heap's 85,000 bytes with room for the array header).</summary>
    internal const int MaxChunkBytes = 64 * 1024;

    /// <summary>The number of elements per chunk: the largest power of two whose array fits <see cref="MaxChunkBytes"/>.</summary>
    internal static readonly int ChunkLength = ComputeChunkLength();

    private static readonly int Shift = System.Numerics.BitOperations.Log2((uint)ChunkLength);

    private readonly List<T[]> _chunks = [];
    private T[] _last = [];
    private int _lastCount;

    /// <inheritdoc/>
    public int Count { get; private set; }

    /// <summary>The chunk arrays (the last one may be partly filled); for tests.</summary>
    internal IReadOnlyList<T[]> Chunks => _chunks;

    /// <inheritdoc/>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the list holds {Count} elements");
            }

            return _chunks[index >> Shift][index & (ChunkLength - 1)];
        }
    }

    /// <summary>Appends <paramref name="item"/>.</summary>
    public void Add(T item)
    {
        if (_lastCount == _last.Length)
        {
            // The first chunk starts small (most lists are short) and doubles up to the full chunk length.
            if (_chunks.Count > 0 && _last.Length < ChunkLength)
            {
                Array.Resize(ref _last, Math.Min(_last.Length * 2, ChunkLength));
                _chunks[^1] = _last;
            }
            else
            {
                _last = new T[_chunks.Count == 0 ? Math.Min(16, ChunkLength) : ChunkLength];
                _chunks.Add(_last);
                _lastCount = 0;
            }
        }

        _last[_lastCount++] = item;
        Count++;
    }

    /// <summary>Removes the elements from <paramref name="count"/> on (chunks no longer needed are dropped, the rest cleared).</summary>
    public void RemoveFrom(int count)
    {
        if ((uint)count > (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the list holds {Count} elements");
        }

        var keep = count == 0 ? 0 : ((count - 1) >> Shift) + 1;
        _chunks.RemoveRange(keep, _chunks.Count - keep);
        if (keep == 0)
        {
            _last = [];
            _lastCount = 0;
        }
        else
        {
            _last = _chunks[^1];
            _lastCount = count - ((keep - 1) << Shift);
            Array.Clear(_last, _lastCount, _last.Length - _lastCount);
        }

        Count = count;
    }

    /// <summary>An enumerator over the chunks (no bounds check per element, no allocation when used directly).</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int ComputeChunkLength()
    {
        var size = Math.Max(1, Unsafe.SizeOf<T>());
        var length = 1;
        while ((length * 2 * (long)size) + 32 <= MaxChunkBytes)
        {
            length *= 2;
        }

        return length;
    }

    /// <summary>Enumerates a <see cref="ChunkedList{T}"/> in order.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly ChunkedList<T> _list;
        private int _chunk;
        private int _index;
        private T _current;

        internal Enumerator(ChunkedList<T> list)
        {
            _list = list;
            _chunk = 0;
            _index = -1;
            _current = default!;
        }

        /// <inheritdoc/>
        public readonly T Current => _current;

        readonly object? IEnumerator.Current => _current;

        /// <inheritdoc/>
        public bool MoveNext()
        {
            var chunks = _list._chunks;
            while (_chunk < chunks.Count)
            {
                var length = _chunk == chunks.Count - 1 ? _list._lastCount : chunks[_chunk].Length;
                if (++_index < length)
                {
                    _current = chunks[_chunk][_index];
                    return true;
                }

                _chunk++;
                _index = -1;
            }

            _current = default!;
            return false;
        }

        /// <inheritdoc/>
        public void Reset()
        {
            _chunk = 0;
            _index = -1;
            _current = default!;
        }

        /// <inheritdoc/>
        public readonly void Dispose()
        {
        }
    }
}
