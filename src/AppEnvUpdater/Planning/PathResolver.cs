using AeUpdater.Operations;

namespace AeUpdater.Planning;

/// <summary>A path with every symbolic link in its existing part resolved, and the identity of that part.</summary>
/// <param name="RealPath">The real path of the deepest existing folder, with the missing rest appended.</param>
/// <param name="ExistingLength">How much of <see cref="RealPath"/> exists (the rest may be created).</param>
/// <param name="ExistingId">The identity of the deepest existing folder; <see langword="null"/> where it cannot be read.</param>
internal sealed record ResolvedPath(string RealPath, int ExistingLength, FileId? ExistingId)
{
    /// <summary>A path taken as it is written (where links cannot be resolved, and in the pure planner tests).</summary>
    public static ResolvedPath AsWritten(string path) => new(path, path.Length, null);
}

/// <summary>Resolves paths to real paths (links followed once, at plan time) so that checks compare identities, not path text.</summary>
internal static class PathResolver
{
    public static ResolvedPath Resolve(string path)
    {
        if (!Posix.Supported)
        {
            return ResolvedPath.AsWritten(path);
        }

        var missing = new List<string>();
        for (var dir = Path.TrimEndingDirectorySeparator(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var real = Posix.RealPath(dir, out var errno);
            if (real is not null)
            {
                var existing = real.Length;
                missing.Reverse();
                var full = missing.Count == 0 ? real : Path.Join([real, .. missing]);
                return new ResolvedPath(full, existing, DirectoryHandles.IdentityOf(real));
            }

            if (errno is not Posix.ENOENT and not Posix.ENOTDIR)
            {
                return ResolvedPath.AsWritten(path); // unreadable: decided on the text, and the act re-checks on handles
            }

            missing.Add(Path.GetFileName(dir));
        }

        return ResolvedPath.AsWritten(path);
    }
}
