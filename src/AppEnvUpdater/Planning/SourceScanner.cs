using System.IO.Enumeration;

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
    /// Whether the root holds anything AeUpdater acts on or reports: a folder whose name is or resembles a drop-in
    /// folder's, or a plugin. Lets a start with nothing to do skip the state directory entirely.
    /// </summary>
    public static bool MayHaveWork(string root)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        return new FileSystemEnumerable<bool>(root, static (ref FileSystemEntry e) => true, options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) =>
                e.FileName.StartsWith(Rules.DropInFolderNames.CommonPrefix, StringComparison.OrdinalIgnoreCase)
                || e.FileName.StartsWith(PluginReport.OneShotName, StringComparison.Ordinal)
                || e.FileName.StartsWith(PluginReport.EveryStartName, StringComparison.Ordinal),
        }.Any();
    }

    /// <summary>
    /// Every non-hidden file below <paramref name="folder"/> (hidden files and everything in hidden folders are never
    /// processed), plus symbolic links (to files or folders), which are reported and not followed.
    /// </summary>
    public static IEnumerable<SourceEntry> Files(string folder)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = true };
        return new FileSystemEnumerable<SourceEntry>(
            folder,
            static (ref FileSystemEntry e) => new SourceEntry(
                Relative(ref e),
                (e.Attributes & FileAttributes.ReparsePoint) != 0),
            options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) =>
                !IsHidden(e.FileName) && (!e.IsDirectory || (e.Attributes & FileAttributes.ReparsePoint) != 0),
            ShouldRecursePredicate = static (ref FileSystemEntry e) =>
                !IsHidden(e.FileName) && (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
    }

    private static bool IsHidden(ReadOnlySpan<char> name) => name.Length > 0 && name[0] == '.';

    private static string Relative(ref FileSystemEntry entry)
    {
        var directory = entry.Directory[entry.RootDirectory.Length..].TrimStart(Path.DirectorySeparatorChar);
        var name = entry.FileName;
        if (directory.IsEmpty)
        {
            return name.ToString();
        }

        var relative = string.Concat(directory, "/", name);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
