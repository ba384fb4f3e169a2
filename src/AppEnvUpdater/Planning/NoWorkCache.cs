using AeUpdater.Placeholders;

namespace AeUpdater.Planning;

/// <summary>The no-work answers of <see cref="SourceScanner.MayHaveWork(string)"/>, reused while the root is unchanged.</summary>
internal sealed class NoWorkCache
{
    /// <summary>The one <c>CheckAll</c> uses.</summary>
    public static readonly NoWorkCache Shared = new();

    /// <summary>How long before the stamp the root's last change must have been for a no-work answer to be reused.</summary>
    /// <remarks>Above one jiffy of the kernel's coarse clock and above the one-second timestamps of ext4 with small inodes.</remarks>
    public const long TrustedAgeSeconds = 2;

    /// <summary>The last root found with no work (one: an app calls with one root), replaced whole, so readers need no lock.</summary>
    private NoWorkListing? _lastNoWork;

    /// <summary>
    /// <see cref="SourceScanner.MayHaveWork(string)"/> for a root whose <paramref name="stamp"/> was taken at
    /// <paramref name="stampedAtSeconds"/> (or just after): when the last call found no work in the same folder and the
    /// folder's stamp has not changed since, the answer is that call's, without listing the folder again.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Only the names in the root decide, and on the file systems of <see cref="FastUnix.HasTrustedFolderTimes"/> every
    /// entry added, removed or renamed in a folder sets its modification and change times to the kernel's clock; the same
    /// device, inode and both times therefore mean the same names. A change made within the file system's timestamp
    /// granularity of the listing could keep the times (a "racily clean" folder, as Git calls it), so an answer is reused
    /// only when the folder's last change was <see cref="TrustedAgeSeconds"/> or more before the stamp was taken. Nothing is
    /// stored on disk: a new process lists the root on its first call.
    /// </para>
    /// <para>
    /// Why: listing a root of 100 entries costs about 45 µs of kernel time on ext4 (its hashed directory index is built
    /// anew for every listing), most of a warm no-op call (docs/performance.md, "Warm no-op").
    /// </para>
    /// </remarks>
    /// <param name="root">The root.</param>
    /// <param name="stamp">The root's stamp, taken before this call; <see langword="default"/> when there is none.</param>
    /// <param name="stampedAtSeconds">The time (seconds since 1970, UTC) just before the stamp was taken.</param>
    /// <returns>Whether the root may hold work.</returns>
    public bool MayHaveWork(string root, DirectoryStamp stamp, long stampedAtSeconds)
    {
        if (stamp.IsKnown && _lastNoWork is { } last && last.Stamp.IsSameAs(stamp) && last.Root == root && last.IsTrusted())
        {
            return false;
        }

        // The answer is kept only for the folder that was listed: its stamp, from the handle the names were read through,
        // must be the one the caller took of the path (a folder swapped in at the path meanwhile has another).
        var mayHaveWork = SourceScanner.MayHaveWork(root, out var listed);
        if (!mayHaveWork && stamp.IsKnown && listed.IsSameAs(stamp))
        {
            _lastNoWork = new NoWorkListing(root, stamp, stampedAtSeconds);
        }

        return mayHaveWork;
    }

    private sealed class NoWorkListing(string root, DirectoryStamp stamp, long stampedAtSeconds)
    {
        private int _trusted;

        public string Root => root;

        public DirectoryStamp Stamp => stamp;

        /// <summary>Whether the folder was last changed well before the stamp, on a file system that moves folder times.</summary>
        /// <remarks>Decided at the first reuse, not at the listing: a process that calls once never pays for it.</remarks>
        public bool IsTrusted()
        {
            if (_trusted == 0)
            {
                // The file system of the folder the stamp is of: the path is stamped again after statfs, so that a folder
                // swapped in meanwhile cannot lend its file system's trust to the stamp of another.
                var trusted = stamp.LatestChangeSeconds + TrustedAgeSeconds <= stampedAtSeconds
                    && FastUnix.HasTrustedFolderTimes(root)
                    && FastUnix.TryStatDirectory(root, out var again) == true && again.IsSameAs(stamp);
                _trusted = trusted ? 1 : -1;
            }

            return _trusted > 0;
        }
    }
}
