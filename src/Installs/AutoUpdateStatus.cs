namespace AeUpdater.Installs;

/// <summary>The stages <see cref="AutoUpdate"/> reports, in order.</summary>
public enum AutoUpdateStatus
{
    /// <summary>Asking the finder for the newest version.</summary>
    Searching,

    /// <summary>A version newer than the installed ones was found.</summary>
    Found,

    /// <summary>Fetching its archive into the work area.</summary>
    Downloading,

    /// <summary>Installing it.</summary>
    Installing,

    /// <summary>Cleaning up (old versions, the download).</summary>
    CleaningUp,

    /// <summary>Finished: updated, or nothing to do.</summary>
    Done,

    /// <summary>Stopped by an error; the install is as it was (or has the new version, if only cleanup failed).</summary>
    Error,
}
