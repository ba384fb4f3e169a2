namespace AeUpdater.Operations;

/// <summary>
/// Directory handles of one run, opened by walking a real path from <c>/</c> one component at a time with
/// <c>O_DIRECTORY | O_NOFOLLOW</c>: a folder that is (or was swapped for) a symbolic link is never entered. Each handle
/// knows its folder's identity and whether it is, or is inside, a folder no file may be written to (the state
/// directory, a drop-in folder).
/// </summary>
internal sealed class DirectoryHandles : IDisposable
{
    /// <summary>Handles kept open at most; beyond it all are closed (the operations are grouped by folder).</summary>
    private const int MaxOpen = 512;

    private readonly Dictionary<string, Entry> _open = new(StringComparer.Ordinal);
    // A list searched in order, not a dictionary keyed by FileId: it holds the state directory and the plan's drop-in
    // folders (a handful), and a dictionary over a struct of AeUpdater's own is JIT-compiled in every run with work
    // (ReadyToRun cannot precompile a framework generic over it; docs/performance.md, "Moves: seventh round").
    private readonly List<Forbidden> _forbidden = [];
    private (string Path, Entry? Entry) _last = ("", null);
    private (string Path, Entry? Entry) _previous = ("", null);

    /// <summary>Marks a folder (by identity) as one that no destination may be, or be inside.</summary>
    public void Forbid(FileId id, string what)
    {
        if (ForbiddenAs(id) is null)
        {
            _forbidden.Add(new Forbidden(id, what));
        }
    }

    /// <summary>Marks every folder <paramref name="other"/> forbids (for another thread's handles).</summary>
    public void ForbidAll(DirectoryHandles other)
    {
        for (var i = 0; i < other._forbidden.Count; i++)
        {
            Forbid(other._forbidden[i].Id, other._forbidden[i].What);
        }
    }

    /// <summary>What the folder <paramref name="id"/> was forbidden as (the first <see cref="Forbid"/> of it), or <see langword="null"/>.</summary>
    private string? ForbiddenAs(FileId id)
    {
        for (var i = 0; i < _forbidden.Count; i++)
        {
            var entry = _forbidden[i];
            if (entry.Id == id)
            {
                return entry.What;
            }
        }

        return null;
    }

    /// <summary>The identity of a folder by its path, not following a link; <see langword="null"/> if it is not a folder.</summary>
    public static FileId? IdentityOf(string path) =>
        Posix.Supported && Posix.StatAt(Posix.AtFdCwd, path, out var info) == 0 && info.IsDirectory ? info.Id : null;

    /// <summary>
    /// Opens the folder <paramref name="path"/> (absolute, its real path). Components missing from index
    /// <paramref name="createFrom"/> on are created when <paramref name="create"/> is set.
    /// </summary>
    /// <returns>The handle, or -1 with <paramref name="error"/>.</returns>
    public int Open(string path, int createFrom, bool create, out FileId id, out string? forbidden, out string? error)
    {
        var entry = OpenEntry(Path.TrimEndingDirectorySeparator(path), createFrom, create, out error);
        id = entry?.Id ?? default;
        forbidden = entry?.Forbidden;
        return entry?.Fd ?? -1;
    }

    /// <summary>
    /// Opens the folder of the file <paramref name="filePath"/> (absolute, a real path) like <see cref="Open"/>. The
    /// operations come grouped by folder, so the last two folders asked for are remembered and found again without a
    /// string being made or hashed.
    /// </summary>
    public int OpenParentOf(string filePath, int createFrom, bool create, out string parentPath, out string? forbidden, out string? error)
    {
        var parent = Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(filePath.AsSpan()));
        var hit = _last.Entry is not null && parent.SequenceEqual(_last.Path) ? _last
            : _previous.Entry is not null && parent.SequenceEqual(_previous.Path) ? _previous
            : default;
        if (hit.Entry is { } known)
        {
            parentPath = hit.Path;
            forbidden = known.Forbidden;
            error = null;
            return known.Fd;
        }

        parentPath = parent.ToString();
        var opened = OpenEntry(parentPath, createFrom, create, out error);
        forbidden = opened?.Forbidden;
        if (opened is not null)
        {
            _previous = _last;
            _last = (parentPath, opened);
        }

        return opened?.Fd ?? -1;
    }

    private Entry? OpenEntry(string path, int createFrom, bool create, out string? error)
    {
        error = null;
        if (_open.TryGetValue(path, out var known))
        {
            return known;
        }

        var parentPath = Path.GetDirectoryName(path);
        int fd;
        Entry? parent = null;
        if (parentPath is null)
        {
            fd = Posix.OpenAt(Posix.AtFdCwd, path, Posix.ORdOnly | Posix.ODirectory);
            if (fd < 0)
            {
                error = $"the folder '{path}' cannot be opened: {Posix.Message(Posix.LastError)}";
                return null;
            }
        }
        else
        {
            parent = OpenEntry(parentPath, createFrom, create, out error);
            if (parent is null)
            {
                return null;
            }

            var name = Path.GetFileName(path);
            fd = Posix.OpenAt(parent.Fd, name, Posix.ORdOnly | Posix.ODirectory | Posix.ONoFollow);
            if (fd < 0 && Posix.LastError == Posix.ENOENT && create && path.Length > createFrom)
            {
                var made = Posix.MkdirAt(parent.Fd, name);
                if (made is not 0 and not Posix.EEXIST)
                {
                    error = $"the folder '{path}' cannot be created: {Posix.Message(made)}";
                    return null;
                }

                fd = Posix.OpenAt(parent.Fd, name, Posix.ORdOnly | Posix.ODirectory | Posix.ONoFollow);
            }

            if (fd < 0)
            {
                var errno = Posix.LastError;
                error = errno is Posix.ELOOP or Posix.ENOTDIR && Posix.StatAt(parent.Fd, name, out var what) == 0
                    ? $"{(what.IsRegular ? "a file" : what.Describe())} is where the folder '{path}' should be; it is not followed or replaced"
                    : errno == Posix.ENOENT
                        ? $"the folder '{path}' does not exist (removed after planning?)"
                        : $"the folder '{path}' cannot be opened: {Posix.Message(errno)}";
                return null;
            }
        }

        if (Posix.StatFd(fd, out var info) != 0)
        {
            error = $"the folder '{path}' cannot be examined: {Posix.Message(Posix.LastError)}";
            _ = Posix.Close(fd);
            return null;
        }

        var forbidden = parent?.Forbidden ?? ForbiddenAs(info.Id);
        var entry = new Entry(fd, info.Id, forbidden);
        _open[path] = entry;
        return entry;
    }

    /// <summary>Closes every handle when more than <see cref="MaxOpen"/> are open; only between operations that hold none.</summary>
    public void TrimIfLarge()
    {
        if (_open.Count > MaxOpen)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var entry in _open.Values)
        {
            _ = Posix.Close(entry.Fd);
        }

        _open.Clear();
        _last = ("", null);
        _previous = ("", null);
    }

    private sealed record Entry(int Fd, FileId Id, string? Forbidden);

    private sealed record Forbidden(FileId Id, string What);
}
