namespace AeUpdater;

/// <summary>How hard AeUpdater works to keep its promises across a power loss (not just a process crash).</summary>
public enum Durability
{
    /// <summary>
    /// File data is flushed to disk before each rename, the journal before and after the run, and the touched folders
    /// before the run is closed: after a power loss a file is old or new, never empty or partial.
    /// </summary>
    Full,

    /// <summary>
    /// Nothing is flushed explicitly: still atomic against a crash of the process (kill -9, exception), but after a power
    /// loss the file system may show renamed files without their data. Faster on large bundles.
    /// </summary>
    Fast,
}
