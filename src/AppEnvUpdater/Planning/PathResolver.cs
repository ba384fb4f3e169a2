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
        var (real, existing) = RealPathOf(path);
        return existing < 0 ? ResolvedPath.AsWritten(path) : new ResolvedPath(real, existing, DirectoryHandles.IdentityOf(real[..existing]));
    }

    /// <summary>
    /// The real path of <paramref name="path"/> as <see cref="Resolve"/> finds it, without reading the identity (a
    /// <c>realpath</c> per missing level, nothing else: the option check of every start uses it).
    /// </summary>
    /// <returns>The real path and how much of it exists; the length is -1 when the path is taken as written.</returns>
    public static (string RealPath, int ExistingLength) RealPathOf(string path)
    {
        if (!Posix.Supported)
        {
            return (path, -1);
        }

        List<string>? missing = null;
        for (var dir = Path.TrimEndingDirectorySeparator(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var real = Posix.RealPath(dir, out var errno);
            if (real is not null)
            {
                if (missing is null)
                {
                    return (real, real.Length);
                }

                missing.Reverse();
                return (Path.Join([real, .. missing]), real.Length);
            }

            if (errno is not Posix.ENOENT and not Posix.ENOTDIR)
            {
                return (path, -1); // unreadable: decided on the text, and the act re-checks on handles
            }

            (missing ??= []).Add(Path.GetFileName(dir));
        }

        return (path, -1);
    }
}
