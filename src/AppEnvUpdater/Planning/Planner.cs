using AeUpdater.Collections;
using AeUpdater.Placeholders;
using AeUpdater.Rules;
using Microsoft.Extensions.FileSystemGlobbing;

namespace AeUpdater.Planning;

/// <summary>
/// Turns folder names and file lists into a plan. Pure: it reads nothing from disk itself; <see cref="SourceScanner"/>
/// feeds it (or a test does, from string arrays).
/// </summary>
internal static class Planner
{
    /// <summary>Plans a run over the root folder's sub-folder names; <paramref name="listFiles"/> lists a drop-in folder's entries.</summary>
    public static Plan Create(PlanRequest request, IEnumerable<RootEntry> folders, Func<string, IEnumerable<SourceEntry>> listFiles)
    {
        var rules = new List<DropInRule>();
        var rejected = new List<FolderReport>();
        var ignored = new List<FolderReport>();
        var skipped = new List<FolderReport>();
        var realRoot = request.ResolvePath(request.Root).RealPath;
        var realState = request.StateDirectory is null ? null : request.ResolvePath(request.StateDirectory).RealPath;

        foreach (var (name, isLink) in folders.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var folder = Path.Join(request.Root, name);
            switch (FolderNameParser.TryParse(name, out var parsed, out var reason))
            {
                case FolderNameMatch.None:
                    continue;
                case FolderNameMatch.NearMiss:
                    ignored.Add(new FolderReport { Folder = folder, Reason = reason! });
                    continue;
                case FolderNameMatch.Invalid:
                    rejected.Add(new FolderReport { Folder = folder, Reason = reason! });
                    continue;
            }

            if (!request.Kinds.Contains(parsed!.Kind))
            {
                continue;
            }

            if (isLink)
            {
                rejected.Add(new FolderReport { Folder = folder, Reason = "the drop-in folder is a symbolic link; drop-ins ship regular folders" });
                continue;
            }

            if (TryResolveRule(request, realRoot, realState, folder, name, parsed, out var rule, out reason))
            {
                if (rule.Platforms.Count > 0 && !rule.Platforms.Any(p => PlatformIds.Matches(p, request.Platform)))
                {
                    skipped.Add(new FolderReport
                    {
                        Folder = folder,
                        Reason = $"{DropInFolderNames.OnOS}{string.Join(", " + DropInFolderNames.OnOS, rule.Platforms)}: not for this platform ({request.Platform})",
                    });
                    continue;
                }

                rules.Add(rule);
            }
            else
            {
                rejected.Add(new FolderReport { Folder = folder, Reason = reason! });
            }
        }

        rules.Sort((a, b) => a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : string.CompareOrdinal(a.Name, b.Name));
        var matcher = CreateExcludeMatcher(request.Exclude);
        // Packed: no object per file until an operation is read (see OperationList); a folder's entries in a chunked list
        // (at 100,000 files a contiguous list's arrays would land in the large-object heap; see ChunkedList).
        var operations = new OperationList();
        foreach (var rule in rules)
        {
            if (matcher is null)
            {
                PlanListed(operations, request.Placeholders, rule, listFiles(rule.Folder), realState);
                continue;
            }

            var entries = new ChunkedList<SourceEntry>();
            string? previous = null;
            var sorted = true;
            foreach (var entry in listFiles(rule.Folder))
            {
                // The scanner lists in this order already; sorted only when the entries come otherwise.
                sorted &= previous is null || string.CompareOrdinal(previous, entry.RelativePath) < 0;
                previous = entry.RelativePath;
                entries.Add(entry);
            }

            var excluded = Excluded(matcher, rule.Folder, entries);
            IEnumerable<SourceEntry> ordered = entries;
            if (!sorted)
            {
                var array = entries.ToArray();
                Array.Sort(array, (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
                ordered = array;
            }

            foreach (var entry in ordered)
            {
                if (excluded is null || !excluded.Contains(entry.RelativePath))
                {
                    PlanFile(operations, request.Placeholders, rule, entry, realState);
                }
            }
        }

        return new Plan(request.Root, request.Platform, rules, operations, rejected, ignored, skipped);
    }

    /// <summary>
    /// Plans a drop-in folder's entries as they are listed (no exclusions), without keeping them: kept, their 100,000
    /// relative-path strings would live as long as the plan is being made, and the collector would promote them. The
    /// scanner lists in the ordinal order of the relative paths; when an entry comes out of that order, this folder's
    /// operations are taken back, and its entries (those planned, this one and the rest) sorted and planned again: the
    /// same plan as sorting all of them first.
    /// </summary>
    private static void PlanListed(OperationList operations, PlaceholderMap placeholders, DropInRule rule, IEnumerable<SourceEntry> listed, string? realState)
    {
        var start = operations.Count;
        List<SourceEntry>? asObjects = null;
        string? previous = null;
        using var entries = listed.GetEnumerator();
        while (entries.MoveNext())
        {
            var entry = entries.Current;
            if (previous is not null && string.CompareOrdinal(previous, entry.RelativePath) >= 0)
            {
                var all = new List<SourceEntry>(operations.Count - start + 1);
                var next = 0;
                for (var i = start; i < operations.Count; i++)
                {
                    all.Add(operations.PackedEntry(i) ?? asObjects![next++]);
                }

                all.Add(entry);
                while (entries.MoveNext())
                {
                    all.Add(entries.Current);
                }

                operations.RemoveFrom(start);
                var array = all.ToArray();
                Array.Sort(array, (a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
                foreach (var sorted in array)
                {
                    PlanFile(operations, placeholders, rule, sorted, realState);
                }

                return;
            }

            previous = entry.RelativePath;
            if (!PlanFile(operations, placeholders, rule, entry, realState))
            {
                (asObjects ??= []).Add(entry);
            }
        }
    }

    private static bool TryResolveRule(
        PlanRequest request, string realRoot, string? realState, string folder, string name, ParsedFolderName parsed, out DropInRule rule, out string? reason)
    {
        rule = null!;
        var target = parsed.ToPath ?? request.DefaultDestination;
        if (!request.Placeholders.TryNormalize(target, request.Root, out var destination, out var error))
        {
            reason = parsed.ToPath is null
                ? $"the default destination cannot be resolved: {error}"
                : $"{DropInFolderNames.ToPath}'{parsed.ToPath}' cannot be resolved: {error}";
            return false;
        }

        // Decided on the text and on the real paths (every symbolic link resolved): an alias through a link is the same folder.
        var resolved = request.ResolvePath(destination);
        var realFolder = Path.Join(realRoot, name);
        var alias = resolved.RealPath == destination ? "" : $" (really '{resolved.RealPath}')";
        if (IsSameOrUnder(destination, folder) || IsSameOrUnder(resolved.RealPath, realFolder))
        {
            reason = $"the destination '{destination}'{alias} is the drop-in folder itself or inside it";
            return false;
        }

        if (IsInsideDropInFolder(destination, request.Root) || IsInsideDropInFolder(resolved.RealPath, realRoot))
        {
            reason = $"the destination '{destination}'{alias} is inside another drop-in folder of the root; files would be applied twice";
            return false;
        }

        if (request.StateDirectory is not null && (IsSameOrUnder(destination, request.StateDirectory) || IsSameOrUnder(resolved.RealPath, realState!)))
        {
            reason = $"the destination '{destination}'{alias} is the state directory '{request.StateDirectory}' or inside it; it holds the lock and the journal, which no file may replace";
            return false;
        }

        reason = null;
        rule = new DropInRule(folder, name, parsed.Kind, destination, parsed.Platforms, realFolder, resolved);
        return true;
    }

    /// <summary>Plans one file and appends it; whether it is kept packed (else as an object).</summary>
    private static bool PlanFile(OperationList operations, PlaceholderMap placeholders, DropInRule rule, SourceEntry entry, string? realState)
    {
        if (PlanUnlessPlain(placeholders, rule, entry, realState, out var expanded) is { } planned)
        {
            operations.Add(planned);
            return false;
        }

        return operations.AddPlain(rule, entry.RelativePath, expanded, entry.IsLink, resolved: rule.Target is not null);
    }

    /// <summary>
    /// Plans one file: <see langword="null"/> for the common case (a plain relative path below the destination,
    /// <paramref name="expanded"/>, not refused), which the plan keeps packed; else the operation.
    /// </summary>
    private static PlannedOperation? PlanUnlessPlain(PlaceholderMap placeholders, DropInRule rule, SourceEntry entry, string? realState, out string expanded)
    {
        expanded = entry.RelativePath;
        if (entry.Error is not null)
        {
            return new PlannedOperation(rule, entry.RelativePath, Path.Join(rule.Destination, entry.RelativePath), false, entry.Error);
        }

        if (!placeholders.TryExpand(entry.RelativePath, out expanded, out var error))
        {
            return new PlannedOperation(rule, entry.RelativePath, Path.Join(rule.Destination, entry.RelativePath), entry.IsLink, $"the file's path cannot be expanded: {error}");
        }

        if (Path.IsPathRooted(expanded))
        {
            return new PlannedOperation(rule, entry.RelativePath, Path.Join(rule.Destination, entry.RelativePath), entry.IsLink,
                $"a placeholder in the file's path gives the absolute path '{expanded}', which leaves the destination '{rule.Destination}'");
        }

        // The common case, a plain relative path (no '.', '..' or empty segment), is already normal below the normal
        // destination: no Path.GetFullPath, no relative path computed back, and no path string at all: the plan keeps the
        // relative paths' characters packed (OperationList), and the operation made from them joins its paths when they are
        // used. This is most of the planner's time per file, and what a large plan keeps per file.
        if (IsPlainRelative(expanded))
        {
            if (realState is not null && rule.Target is { } resolved && IsSameOrUnderJoined(resolved.RealPath, expanded, realState))
            {
                return new PlannedOperation(rule, entry.RelativePath, Path.Join(rule.Destination, expanded), entry.IsLink, StateDirectoryError(realState));
            }

            return null;
        }

        var destination = Path.GetFullPath(Path.Join(rule.Destination, expanded));
        if (!IsUnder(destination, rule.Destination))
        {
            return new PlannedOperation(rule, entry.RelativePath, destination, entry.IsLink,
                $"the file's path '{expanded}' leaves the destination '{rule.Destination}'");
        }

        var relative = Path.GetRelativePath(rule.Destination, destination);
        var real = rule.Target is not { } target ? null
            : string.Equals(target.RealPath, rule.Destination, StringComparison.Ordinal) ? destination
            : Path.Join(target.RealPath, relative);
        if (realState is not null && real is not null && IsSameOrUnder(real, realState))
        {
            return new PlannedOperation(rule, entry.RelativePath, destination, entry.IsLink, StateDirectoryError(realState));
        }

        return new PlannedOperation(rule, entry.RelativePath, destination, entry.IsLink, null, real);
    }

    private static string StateDirectoryError(string realState) =>
        $"the destination is inside the state directory '{realState}'; it holds the lock and the journal, which no file may replace";

    /// <summary>
    /// <see cref="IsSameOrUnder(ReadOnlySpan{char}, string)"/> of <c>Path.Join(<paramref name="folder"/>, <paramref name="relative"/>)</c>, without making
    /// that string (joined in a buffer on the stack, or a rented one for a long path).
    /// </summary>
    internal static bool IsSameOrUnderJoined(string folder, string relative, string directory)
    {
        var length = folder.Length + 1 + relative.Length;
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[512] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length));
        try
        {
            if (!Path.TryJoin(folder, relative, buffer, out var written))
            {
                throw new InvalidOperationException("the joined path does not fit its buffer");
            }

            return IsSameOrUnder(buffer[..written], directory);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is relative, not empty, and every segment is a name: no empty, <c>.</c> or <c>..</c>
    /// segment, no NUL (on Windows also no <c>\</c>, <c>:</c> or trailing dot or space, which the system rewrites). Joined to a normal
    /// folder such a path is normal: what <see cref="Path.GetFullPath(string)"/> would return.
    /// </summary>
    internal static bool IsPlainRelative(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty || path.IndexOf('\0') >= 0 || (OperatingSystem.IsWindows() && path.IndexOfAny('\\', ':') >= 0))
        {
            return false;
        }

        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty || segment is "." or ".." || (OperatingSystem.IsWindows() && (segment[^1] is '.' or ' ')))
            {
                return false;
            }
        }

        return true;
    }

    private static Matcher? CreateExcludeMatcher(IReadOnlyList<string> exclude)
    {
        if (exclude.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(PathComparison);
        matcher.AddInclude("**/*");
        matcher.AddExcludePatterns(exclude);
        return matcher;
    }

    private static HashSet<string>? Excluded(Matcher? matcher, string folder, ChunkedList<SourceEntry> entries)
    {
        if (matcher is null)
        {
            return null;
        }

        var paths = entries.Select(e => e.RelativePath).ToList();
        var kept = matcher.Match(folder, paths).Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return [.. paths.Where(p => !kept.Contains(p))];
    }

    /// <summary>Whether <paramref name="path"/> lies in a folder of <paramref name="root"/> whose name is (or resembles) a drop-in folder's.</summary>
    internal static bool IsInsideDropInFolder(string path, string root) =>
        IsUnder(path, root)
        && FolderNameParser.TryParse(Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar)[0], out _, out _) != FolderNameMatch.None;

    /// <summary>Whether <paramref name="path"/> lies below <paramref name="directory"/> (not the directory itself).</summary>
    /// <remarks>
    /// The same test as the span overload, with the string's own methods: every start checks the state directory with
    /// it, and span searches (MemoryExtensions) would load the System.Memory facade for that alone (docs/performance.md,
    /// "First call").
    /// </remarks>
    internal static bool IsUnder(string path, string directory)
    {
        var dir = Path.TrimEndingDirectorySeparator(directory);
        return path.Length > dir.Length && path.StartsWith(dir, PathComparison) && IsBoundary(path[dir.Length], dir);
    }

    /// <summary>Whether <paramref name="path"/> lies below <paramref name="directory"/> (not the directory itself).</summary>
    internal static bool IsUnder(ReadOnlySpan<char> path, string directory)
    {
        var dir = Path.TrimEndingDirectorySeparator(directory);
        return path.Length > dir.Length && path.StartsWith(dir, PathComparison) && IsBoundary(path[dir.Length], dir);
    }

    internal static bool IsSameOrUnder(ReadOnlySpan<char> path, string directory) =>
        Path.TrimEndingDirectorySeparator(path).Equals(Path.TrimEndingDirectorySeparator(directory.AsSpan()), PathComparison)
        || IsUnder(path, directory);

    /// <summary>How paths compare: ordinal, ignoring case on Windows.</summary>
    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether a path that starts with <paramref name="dir"/> and goes on with <paramref name="next"/> is below it (not a sibling named alike).</summary>
    private static bool IsBoundary(char next, string dir) => next == Path.DirectorySeparatorChar || dir.EndsWith(Path.DirectorySeparatorChar);
}
