using AeUpdater.Collections;

namespace AeUpdater.Tests.Collections;

/// <summary>The chunked list behaves like a list across chunk boundaries and keeps every array out of the large-object heap.</summary>
public sealed class ChunkedListTests
{
    public static TheoryData<int> Counts => new() { 0, 1, 15, 16, 17, 4095, 4096, 4097, 8192, 8193, 30_001 };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Add_AnyCount_IndexerAndEnumerationGiveTheItemsInOrder(int count)
    {
        var list = new ChunkedList<string>();
        for (var i = 0; i < count; i++)
        {
            list.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(count, list.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), list[i]);
        }

        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), list);
        var viaInterface = 0;
        foreach (var item in (IEnumerable<string>)list)
        {
            Assert.Equal(list[viaInterface++], item);
        }

        Assert.Equal(count, viaInterface);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }

    [Theory]
    [InlineData(20_000, 0)]
    [InlineData(20_000, 8)]
    [InlineData(20_000, 8192)]
    [InlineData(20_000, 8193)]
    [InlineData(20_000, 19_999)]
    [InlineData(20_000, 20_000)]
    [InlineData(10, 3)]
    public void RemoveFrom_ThenAdd_KeepsTheFirstItemsAndAppendsAfterThem(int count, int keep)
    {
        var list = new ChunkedList<string>();
        for (var i = 0; i < count; i++)
        {
            list.Add("a" + i);
        }

        list.RemoveFrom(keep);
        Assert.Equal(keep, list.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[keep]);
        for (var i = 0; i < 9_000; i++)
        {
            list.Add("b" + i);
        }

        Assert.Equal(Enumerable.Range(0, keep).Select(i => "a" + i).Concat(Enumerable.Range(0, 9_000).Select(i => "b" + i)), list);
        Assert.Equal(list.ToList(), Enumerable.Range(0, list.Count).Select(i => list[i]));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.RemoveFrom(list.Count + 1));
    }

    [Fact]
    public void Add_ValueTypeAcrossChunks_KeepsEveryValue()
    {
        var list = new ChunkedList<(long A, long B, long C)>();
        var count = (ChunkedList<(long, long, long)>.ChunkLength * 3) + 5;
        for (var i = 0; i < count; i++)
        {
            list.Add((i, -i, i * 2));
        }

        Assert.Equal(count, list.Count);
        Assert.Equal((count - 1, 1 - count, (count - 1) * 2), list[count - 1]);
        var expected = 0L;
        foreach (var item in list)
        {
            Assert.Equal((expected, -expected, expected * 2), item);
            expected++;
        }

        Assert.Equal(count, expected);
    }

    [Fact]
    public void Add_100000Items_EveryArrayStaysBelowTheLargeObjectHeapThreshold()
    {
        var references = new ChunkedList<object>();
        var values = new ChunkedList<(long, long, long)>();
        var item = new object();
        for (var i = 0; i < 100_000; i++)
        {
            references.Add(item);
            values.Add((i, i, i));
        }

        // A List<object> of this size ends with an array of 1 MiB (and copies it as it doubles); the chunked list's arrays
        // each stay below the 85,000 bytes from which the runtime puts an array in the large-object heap.
        Assert.All(references.Chunks, chunk => Assert.True(chunk.Length * IntPtr.Size < 85_000 - 32, $"{chunk.Length} references"));
        Assert.All(values.Chunks, chunk => Assert.True(chunk.Length * 24 < 85_000 - 32, $"{chunk.Length} values"));
        Assert.True(references.Chunks.Count >= 100_000 / ChunkedList<object>.ChunkLength);
    }
}
