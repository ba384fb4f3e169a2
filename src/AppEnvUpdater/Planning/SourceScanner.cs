using System.IO.Enumeration;
using AeUpdater.Placeholders;

namespace AeUpdater.Planning;

/// <summary>Reads the root and the drop-in folders from disk for the <see cref="Planner"/>.</summary>
internal static class SourceScanner
{
    /// <summary>The root's sub-folders whose names start like a drop-in folder's (symbolic links to folders included, flagged).</summary>
    public static IEnumerable<RootEntry> Folders(string root)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        return new FileSystemEnumerable<RootEntry>(
            root,
            static (ref FileSystemEntry e) => new RootEntry(e.FileName.ToString(), (e.Attributes & FileAttributes.ReparsePoint) != 0),
            options)
        {
            // The name first: only names that start like a drop-in folder's can be one (or a near miss to report), and
            // reading an entry's attributes costs a system call.
            ShouldIncludePredicate = static (ref FileSystemEntry e) =>
                e.FileName.StartsWith(Rules.DropInFolderNames.CommonPrefix, StringComparison.OrdinalIgnoreCase) && e.IsDirectory,
        };
    }

    /// <summary>
    /// Whether <see cref="Folders"/> lists anything: a sub-folder (or a link to one) whose name starts like a drop-in
    /// folder's. Without one the plan is empty, so a run with plugins only skips the planner.
    /// </summary>
    public static bool HasDropInCandidates(string root)
    {
        // The same filter as Folders, over a reference-type enumerable (shared, precompiled code) and one MoveNext.
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        using var found = new FileSystemEnumerable<string>(root, static (ref FileSystemEntry e) => "", options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) =>
                e.FileName.StartsWith(Rules.DropInFolderNames.CommonPrefix, StringComparison.OrdinalIgnoreCase) && e.IsDirectory,
        }.GetEnumerator();
        return found.MoveNext();
    }

    /// <summary>
    /// Whether the root holds anything AeUpdater acts on or reports: a folder whose name is or resembles a drop-in
    /// folder's, or a plugin. Lets a start with nothing to do skip the state directory entirely.
    /// </summary>
    public static bool MayHaveWork(string root) => MayHaveWork(root, out _);

    /// <summary><see cref="MayHaveWork(string)"/>, and the stamp of the folder that was listed (<see langword="default"/> when .NET listed it).</summary>
    public static bool MayHaveWork(string root, out DirectoryStamp listed) =>
        // The first call of a process takes this path: on 64-bit Linux the C library's readdir (the .NET listing's first
        // use alone costs milliseconds in a fresh process; see FastUnix), else, or when that cannot read the folder, .NET.
        FastUnix.AnyEntry(root, static name => MayBeWorkName(name), out listed) ?? MayHaveWorkListed(root);

    /// <summary>
    /// Whether a root entry's name (its bytes) may be one <see cref="MayHaveWork(string)"/> looks for; never no when the .NET
    /// test of the decoded name says yes (a name with a non-ASCII byte where the prefixes are is a yes).
    /// </summary>
    internal static bool MayBeWorkName(ReadOnlySpan<byte> name)
    {
        // A plain loop, not System.Text.Ascii: its vectorised code's first use is what this path avoids.
        ReadOnlySpan<byte> common = "ae_updater_"u8;
        var sameIgnoringCase = name.Length >= common.Length;
        for (var i = 0; i < Math.Min(name.Length, common.Length); i++)
        {
            var b = name[i];
            if (b >= 0x80)
            {
                return true;
            }

            sameIgnoringCase &= (b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b) == common[i];
        }

        return sameIgnoringCase || HasPrefix(name, "ae_updater"u8) || HasPrefix(name, "ae_pre_app_run"u8);
    }

    // A loop rather than MemoryExtensions.StartsWith: the first call of every process comes here, and MemoryExtensions
    // would load the System.Memory facade for these few bytes (docs/performance.md, "First call: sixth round").
    private static bool HasPrefix(ReadOnlySpan<byte> name, ReadOnlySpan<byte> prefix)
    {
        if (name.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (name[i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><see cref="MayHaveWork(string)"/> with .NET's listing: the names as .NET decodes them, the same three tests.</summary>
    internal static bool MayHaveWorkListed(string root)
    {
        // A reference-type enumerable (its code is shared and precompiled in the runtime) and one MoveNext, rather than an
        // enumerable of a value type and LINQ's Any, which would be compiled for this call alone.
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        using var found = new FileSystemEnumerable<string>(root, static (ref FileSystemEntry e) => "", options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => IsWorkName(e.FileName),
        }.GetEnumerator();
        return found.MoveNext();
    }

    /// <summary>The test of a decoded root entry name: a drop-in folder's prefix (any case) or a plugin's name.</summary>
    internal static bool IsWorkName(ReadOnlySpan<char> name) =>
        name.StartsWith(Rules.DropInFolderNames.CommonPrefix, StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(PluginReport.OneShotName, StringComparison.Ordinal)
        || name.StartsWith(PluginReport.EveryStartName, StringComparison.Ordinal);

    /// <summary>
    /// Every non-hidden file below <paramref name="folder"/> (hidden files and everything in hidden folders are never
    /// processed), plus symbolic links to folders, flagged and not followed (a link to a file is listed as a file and
    /// recognised when it is acted on). A sub-folder that
    /// cannot be listed (permissions, a path longer than the system allows, a name that is not valid UTF-8) is one entry
    /// with <see cref="SourceEntry.Error"/>: a per-folder failure, and the rest is still listed.
    /// </summary>
    /// <remarks>
    /// The entries come in the ordinal order of their relative paths (what the planner sorts by, so that it need not
    /// sort): each folder's entries are sorted by name, a sub-folder's name with its <c>/</c>, and a sub-folder's
    /// contents come in its place. Only an unlistable sub-folder's entry (its path without the <c>/</c>) may be out of
    /// that order; the planner then sorts.
    /// </remarks>
    public static IEnumerable<SourceEntry> Files(string folder)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };
        if (!TryList(folder, "", options, out var top, out var error))
        {
            yield return new SourceEntry("", false, error);
            yield break;
        }

        var pending = new Stack<(List<ListedEntry> Entries, int Next)>();
        pending.Push((top, 0));
        while (pending.TryPop(out var frame))
        {
            if (frame.Next == frame.Entries.Count)
            {
                continue;
            }

            var entry = frame.Entries[frame.Next];
            pending.Push((frame.Entries, frame.Next + 1));
            if (entry.IsDirectory && !entry.IsLink)
            {
                if (TryList(Path.Join(folder, entry.Path), entry.Path, options, out var children, out error))
                {
                    pending.Push((children, 0));
                }
                else
                {
                    yield return new SourceEntry(entry.Path, false, error);
                }
            }
            else
            {
                yield return new SourceEntry(entry.Path, entry.IsLink);
            }
        }
    }

    /// <summary>A folder's entry as <see cref="Files"/> lists it: its path relative to the drop-in folder.</summary>
    private readonly record struct ListedEntry(string Path, bool IsDirectory, bool IsLink);

    /// <summary>Lists one folder's non-hidden entries (paths below <paramref name="relative"/>), sorted as <see cref="Files"/> yields them.</summary>
    private static bool TryList(string directory, string relative, EnumerationOptions options, out List<ListedEntry> entries, out string? error)
    {
        try
        {
            // Only a folder's attributes are read (is it a link?): a file costs no system call here; whether it is a
            // link, a FIFO or a device is examined when it is acted on (statx, not followed). The relative path is made
            // at once from the name's characters (one string per file).
            entries = [.. new FileSystemEnumerable<ListedEntry>(
                directory,
                (ref FileSystemEntry e) => new ListedEntry(
                    relative.Length == 0 ? e.FileName.ToString() : string.Concat(relative.AsSpan(), "/", e.FileName),
                    e.IsDirectory,
                    e.IsDirectory && (e.Attributes & FileAttributes.ReparsePoint) != 0),
                options)
            {
                ShouldIncludePredicate = static (ref FileSystemEntry e) => !IsHidden(e.FileName),
            }];
            entries.Sort(static (a, b) => CompareListed(a, b));
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries = [];
            var name = Path.GetFileName(directory);
            error = $"the folder '{directory}' cannot be listed{(name.Contains('\uFFFD', StringComparison.Ordinal) ? " (its name is not valid UTF-8)" : "")}: {e.Message}; nothing in it is applied";
            return false;
        }
    }

    /// <summary>
    /// Orders two entries of one folder as their contents' paths are ordered: ordinally, a sub-folder (not a link) taken
    /// with a trailing <c>/</c> (every path below it starts so).
    /// </summary>
    internal static int CompareListed(string a, bool aIsFolder, string b, bool bIsFolder)
    {
        var common = a.AsSpan().CommonPrefixLength(b);
        int At(string s, bool isFolder) => common < s.Length ? s[common] : common == s.Length && isFolder ? '/' : -1;
        return At(a, aIsFolder).CompareTo(At(b, bIsFolder));
    }

    private static int CompareListed(ListedEntry a, ListedEntry b) =>
        CompareListed(a.Path, a.IsDirectory && !a.IsLink, b.Path, b.IsDirectory && !b.IsLink);

    private static bool IsHidden(ReadOnlySpan<char> name) => name.Length > 0 && name[0] == '.';
}
