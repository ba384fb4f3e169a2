using AeUpdater.Delivery.Releases;

namespace AeUpdater.Delivery.Updating;

/// <summary>The version <see cref="ReleaseFetcher.FindAsync"/> chose, from refreshed and verified metadata.</summary>
/// <param name="Version">The version to install (normalized SemVer text): the newest of the channel, or the first required release before it.</param>
/// <param name="NewestVersion">The newest version of the channel.</param>
/// <param name="StoppedAtRequired">Whether <paramref name="Version"/> is a required release stopped at before <paramref name="NewestVersion"/>.</param>
/// <param name="Archive">The signed archive target: its path, length and hashes, and the tar length and SHA-256 it unpacks to.</param>
public sealed record ReleaseOffer(string Version, string NewestVersion, bool StoppedAtRequired, ReleaseTarget Archive);
