using System.Collections.Concurrent;
using AeUpdater.Operations;
using AeUpdater.Tests.TestSupport;

namespace AeUpdater.Tests.Operations;

/// <summary>
/// The touched folders are flushed concurrently at the end of a run (<see cref="AtomicRename.FlushDirectories(IReadOnlyCollection{string})"/>): every
/// folder once, several at a time, and the run goes on only when all are done; a crash between the renames and the flush,
/// or during it, is recovered like any other.
/// </summary>
public sealed class FolderFlushTests
{
    [Fact]
    public void ForEachConcurrently_EachItemOnceSeveralAtATime_ReturnsOnlyWhenAllFinished()
    {
        var items = Enumerable.Range(0, 40).Select(i => $"folder{i}").ToHashSet(StringComparer.Ordinal);
        var calls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var finished = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using var bothRunning = new Barrier(2);
        var metTogether = 0;

        AtomicRename.ForEachConcurrently(items, item =>
        {
            calls.AddOrUpdate(item, 1, (_, n) => n + 1);
            if (item is "folder0" or "folder1")
            {
                // Both first items must be running at the same time on two threads; one at a time, this times out.
                if (bothRunning.SignalAndWait(TimeSpan.FromSeconds(10)))
                {
                    Interlocked.Increment(ref metTogether);
                }
            }

            Thread.Sleep(2);
            finished[item] = true;
        }, threads: 8);

        Assert.Equal(items.Order(StringComparer.Ordinal), calls.Keys.Order(StringComparer.Ordinal));
        Assert.All(calls.Values, n => Assert.Equal(1, n));
        Assert.Equal(items.Count, finished.Count);
        Assert.Equal(2, metTogether);
    }

    [Fact]
    public void ForEachConcurrently_OneCallThrows_RethrownAfterTheOthersFinished()
    {
        var items = Enumerable.Range(0, 20).Select(i => $"folder{i}").ToList();
        var finished = 0;

        var thrown = Assert.Throws<InjectedFaultException>(() => AtomicRename.ForEachConcurrently(items, item =>
        {
            if (item == "folder3")
            {
                throw new InjectedFaultException(item);
            }

            Thread.Sleep(5);
            Interlocked.Increment(ref finished);
        }, threads: 4));

        Assert.Contains("folder3", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(19, finished);
    }

    [Fact]
    public void ForEachConcurrently_OneItemOrOneThread_RunsOnTheCallingThread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var threads = new ConcurrentBag<int>();

        AtomicRename.ForEachConcurrently(["only"], _ => threads.Add(Environment.CurrentManagedThreadId), threads: 8);
        AtomicRename.ForEachConcurrently(["a", "b", "c"], _ => threads.Add(Environment.CurrentManagedThreadId), threads: 1);

        Assert.Equal(4, threads.Count);
        Assert.All(threads, id => Assert.Equal(caller, id));
    }

    [Fact]
    public void FlushDirectories_RealFoldersSomeGone_EveryOneFlushedNoneThrows()
    {
        using var tree = TempTree.Create();
        var folders = Enumerable.Range(0, 30).Select(i => tree.PathOf($"d{i:D2}")).ToList();
        foreach (var folder in folders)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Join(folder, "f.txt"), "x");
        }

        Directory.Delete(folders[7], recursive: true); // a source folder the run emptied and removed

        AtomicRename.FlushDirectories(folders);

        Assert.Equal(29, folders.Count(Directory.Exists));
    }

    [Fact]
    public void FlushDirectories_SourceFoldersRemoved_TheirNearestExistingParentFlushedOnce()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TempTree.Create();
        var dropIn = tree.PathOf("ae_updater_moves");
        var destination = tree.PathOf("usr/d0");
        Directory.CreateDirectory(destination);
        var removed = new[] { Path.Join(dropIn, "d0"), Path.Join(dropIn, "d1"), Path.Join(dropIn, "d2", "deep") };
        foreach (var folder in removed)
        {
            Directory.CreateDirectory(folder);
        }

        // As a moves run leaves them: the emptied sub-folders removed, d2 with them; the drop-in folder stays.
        Directory.Delete(Path.Join(dropIn, "d0"));
        Directory.Delete(Path.Join(dropIn, "d1"));
        Directory.Delete(Path.Join(dropIn, "d2"), recursive: true);
        var flushed = new ConcurrentQueue<(string Folder, bool Exists)>();

        AtomicRename.FlushDirectories([destination, .. removed], folder =>
        {
            var exists = AtomicRename.FlushExisting(folder);
            flushed.Enqueue((folder, exists));
            return exists;
        });

        var existing = flushed.Where(f => f.Exists).Select(f => f.Folder).Order(StringComparer.Ordinal);
        Assert.Equal([dropIn, destination], existing); // each once: the drop-in folder for all three removed folders
        Assert.Equal(removed.Append(Path.Join(dropIn, "d2")).Order(StringComparer.Ordinal), flushed.Where(f => !f.Exists).Select(f => f.Folder).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A fault at the start of the flush (after every rename) and one at its end (before the journal's end record): the
    /// files are in place exactly once, and the next run finds the unfinished journal and ends with the same tree as an
    /// uninterrupted run.
    /// </summary>
    [Theory]
    [InlineData("operations:flushing")]
    [InlineData("operations:flushed")]
    public void CheckAll_FaultAroundTheFolderFlush_EveryFileOnceAndRerunCompletes(string faultAt)
    {
        using var box = new Sandbox();
        for (var d = 0; d < 6; d++)
        {
            for (var f = 0; f < 5; f++)
            {
                box.Source($"ae_updater_moves/d{d}/f{f}.txt", $"moved {d}/{f}");
                box.Source($"ae_updater_copies/c{d}/f{f}.txt", $"copied {d}/{f}");
            }
        }

        var steps = new List<string>();
        var options = box.Options(o => o.StepHook = step =>
        {
            steps.Add(step);
            if (step == faultAt)
            {
                throw new InjectedFaultException(step);
            }
        });

        Assert.Throws<InjectedFaultException>(() => AppEnvUpdater.CheckAll(options));

        Assert.DoesNotContain("journal:ended", steps);
        Assert.Equal(60, steps.Count(s => s == "operation:done"));
        for (var d = 0; d < 6; d++)
        {
            for (var f = 0; f < 5; f++)
            {
                Assert.Equal($"moved {d}/{f}", File.ReadAllText(box.UsrPath($"d{d}/f{f}.txt")));
                Assert.False(File.Exists(box.RootPath($"ae_updater_moves/d{d}/f{f}.txt")), $"d{d}/f{f} moved and still at its source");
                Assert.Equal($"copied {d}/{f}", File.ReadAllText(box.UsrPath($"c{d}/f{f}.txt")));
            }
        }

        var rerun = AppEnvUpdater.CheckAll(box.Options());

        Assert.False(rerun.HasFailures);
        Assert.NotNull(rerun.Recovery);
        var placed = Enumerable.Range(0, 6).SelectMany(d => new[] { $"d{d}", $"c{d}" })
            .SelectMany(folder => Directory.EnumerateFiles(box.UsrPath(folder)).Select(f => $"{folder}/{Path.GetFileName(f)}"))
            .Order(StringComparer.Ordinal);
        var expected = Enumerable.Range(0, 6).SelectMany(d => Enumerable.Range(0, 5).SelectMany(f => new[] { $"d{d}/f{f}.txt", $"c{d}/f{f}.txt" }))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, placed); // every file once, no temporary file left
        Assert.Equal("moved 5/4", File.ReadAllText(box.UsrPath("d5/f4.txt")));
        Assert.Empty(Directory.EnumerateFiles(box.RootPath("ae_updater_moves"), "*", SearchOption.AllDirectories));
    }
}
