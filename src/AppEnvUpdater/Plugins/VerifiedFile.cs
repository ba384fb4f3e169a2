namespace AeUpdater.Plugins;

/// <summary>One file of a <see cref="VerifiedFiles"/> record.</summary>
/// <param name="Sha256">Its SHA-256, 64 lower-case hex digits.</param>
/// <param name="Length">Its size in bytes.</param>
internal sealed record VerifiedFile(string Sha256, long Length);
