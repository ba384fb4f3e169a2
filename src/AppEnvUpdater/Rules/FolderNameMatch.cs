namespace AeUpdater.Rules;

/// <summary>How a folder name relates to the drop-in convention.</summary>
internal enum FolderNameMatch
{
    /// <summary>Not a drop-in folder name at all (e.g. <c>bin</c>); silently left alone.</summary>
    None,

    /// <summary>Looks like one but is not (e.g. <c>ae_updater_copies_old</c>); reported as ignored, never applied.</summary>
    NearMiss,

    /// <summary>A drop-in folder name with an invalid argument; reported as rejected, nothing in it is touched.</summary>
    Invalid,

    /// <summary>A valid drop-in folder name.</summary>
    Valid,
}
