namespace AeUpdater.Installs;

/// <summary>
/// Where <see cref="AutoUpdate"/> finds and fetches versions (esky's VersionFinder): the signed-delivery client, or
/// anything else that hands over verified archives.
/// </summary>
public interface IVersionFinder
{
    /// <summary>Finds the newest version of <paramref name="appName"/> available.</summary>
    /// <param name="appName">The app.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The version (SemVer 2.0 text), or <see langword="null"/> when none is available.</returns>
    Task<string?> FindNewestVersionAsync(string appName, CancellationToken cancellationToken);

    /// <summary>Writes the verified <c>.tar.gz</c> of a version (its files at the top) to <paramref name="destinationPath"/>.</summary>
    /// <param name="appName">The app.</param>
    /// <param name="version">A version <see cref="FindNewestVersionAsync"/> returned.</param>
    /// <param name="destinationPath">The file to write (in the install's work area).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A task that completes when the file is written and verified.</returns>
    Task FetchAsync(string appName, string version, string destinationPath, CancellationToken cancellationToken);
}
