using System.Runtime.ExceptionServices;
using AeUpdater.Planning;

namespace AeUpdater.Operations;

internal static partial class Executor
{
    /// <summary>Moves run on at most this many threads (the calling thread is one of them).</summary>
    internal const int MaxMoveThreads = 4;

    /// <summary>
    /// A moves folder's operations grouped by source folder (the planner lists a folder's files together): the start of
    /// each group, and the block's end last. <see langword="null"/> when the block is moved one file at a time: fewer
    /// operations than <see cref="ExecutionSettings.ConcurrentMovesFrom"/>, one folder only, one processor, a dry run, or a
    /// platform without directory handles.
    /// </summary>
    internal static List<int>? MoveGroups(RuleBlock operations, ExecutionSettings settings)
    {
        if (!Posix.Supported || settings.DryRun || operations.Rule.Kind is not (DropInKind.Moves or DropInKind.OverMoves)
            || operations.Count < settings.ConcurrentMovesFrom || Environment.ProcessorCount < 2)
        {
            return null;
        }

        var starts = new List<int>();
        var last = "";
        for (var i = 0; i < operations.Count; i++)
        {
            // Made here, on one thread, before the operations are shared: each object and its source path once.
            var folder = Path.GetDirectoryName(operations[i].Source.AsSpan());
            if (starts.Count == 0 || !folder.SequenceEqual(last))
            {
                starts.Add(i);
                last = folder.ToString();
            }
        }

        if (starts.Count < 2)
        {
            return null;
        }

        starts.Add(operations.Count);
        return starts;
    }

    /// <summary>
    /// Moves a folder's files on several threads, a source folder (so a destination folder) at a time per thread, each
    /// thread with directory handles of its own. The renames are the same system calls as one at a time; only their order
    /// across folders differs. Every report, done record, progress report and log line is made on the calling thread in
    /// the plan's order, as soon as the operations before it are done. Test hooks and the journal are called under one
    /// lock. The first exception (a test hook's, a cancellation) stops every thread from taking another folder; the
    /// operations reported by then stay reported, and it is rethrown (the others are found by the next start's recovery).
    /// </summary>
    /// <remarks>
    /// Crash safety does not depend on the order: every move is in the journal's intents before the first rename, and
    /// recovery looks at each file (source there or not), not at how far a run got. Moves of one folder never depend on
    /// another's: two threads creating the same destination parent both succeed (an existing folder is entered).
    /// </remarks>
    private static void MoveConcurrently(
        RuleBlock operations, List<int> groups, List<FileOperationReport> reports, int total, ExecutionSettings settings, OperationState state, HashSet<string> movedFrom)
    {
        var first = reports.Count;
        var gate = new object();
        var shared = Serialized(settings, gate);
        var results = new FileOperationReport?[operations.Count];
        var groupCount = groups.Count - 1;
        var next = -1;
        var finished = 0;
        var lastMovedFrom = "";
        Exception? failure = null;
        var threads = Math.Min(Math.Min(Environment.ProcessorCount, MaxMoveThreads), groupCount);
        var states = new OperationState?[threads];
        states[0] = state;

        void Work(int thread)
        {
            try
            {
                var own = states[thread]!;
                for (int g; Volatile.Read(ref failure) is null && (g = Interlocked.Increment(ref next)) < groupCount;)
                {
                    shared.CancellationToken.ThrowIfCancellationRequested();
                    own.Handles.TrimIfLarge();
                    for (var i = groups[g]; i < groups[g + 1]; i++)
                    {
                        Volatile.Write(ref results[i], FileOperator.Apply(operations[i], first + i, shared, own));
                    }

                    if (thread == 0)
                    {
                        Drain();
                    }
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, e, null);
            }
        }

        // The calling thread only: reports, in order, of the operations done so far.
        void Drain()
        {
            while (finished < results.Length && Volatile.Read(ref results[finished]) is { } result)
            {
                Finish(result, reports, total, 0, shared);
                NoteMoved(operations[finished], result, movedFrom, ref lastMovedFrom);
                finished++;
            }
        }

        try
        {
            for (var t = 1; t < threads; t++)
            {
                states[t] = state.ForAnotherThread();
            }

            AtomicRename.OnThreads(threads, "ae-updater moves", Work);
        }
        finally
        {
            for (var t = 1; t < threads; t++)
            {
                if (states[t] is { } own)
                {
                    state.Touched.UnionWith(own.Touched);
                    own.Dispose();
                }
            }
        }

        if (failure is not null)
        {
            // Not drained again: the operations done by then are in the journal's intents, as after a crash.
            ExceptionDispatchInfo.Throw(failure);
        }

        Drain();
    }

    /// <summary>The settings with the test hook, done records and the journal's copy records called under <paramref name="gate"/>.</summary>
    private static ExecutionSettings Serialized(ExecutionSettings settings, object gate) => settings with
    {
        StepHook = settings.StepHook is { } hook ? step =>
        {
            lock (gate)
            {
                hook(step);
            }
        }
        : null,
        OperationDone = settings.OperationDone is { } done ? (index, report) =>
        {
            lock (gate)
            {
                done(index, report);
            }
        }
        : null,
        MoveCopied = settings.MoveCopied is { } copied ? (index, id) =>
        {
            lock (gate)
            {
                copied(index, id);
            }
        }
        : null,
    };

    /// <summary>Remembers the folder (its real path) of a moved file (the operations come grouped by folder: a string per folder, not per file).</summary>
    private static void NoteMoved(PlannedOperation op, FileOperationReport result, HashSet<string> movedFrom, ref string lastMovedFrom)
    {
        if (result.Outcome != OperationOutcome.Moved)
        {
            return;
        }

        var from = Path.GetDirectoryName(op.RealSource.AsSpan());
        if (!from.SequenceEqual(lastMovedFrom))
        {
            lastMovedFrom = from.ToString();
            movedFrom.Add(lastMovedFrom);
        }
    }
}
