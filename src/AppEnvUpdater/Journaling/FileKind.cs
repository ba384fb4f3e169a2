namespace AeUpdater.Journaling;

/// <summary>What a path or handle is, as far as the state directory cares.</summary>
internal enum FileKind
{
    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (never followed).</summary>
    SymbolicLink,

    /// <summary>A FIFO (named pipe).</summary>
    Fifo,

    /// <summary>A character or block device.</summary>
    Device,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>Anything else.</summary>
    Other,
}
