namespace AeUpdater.Rules;

/// <summary>A drop-in folder that applies here: its kind and its resolved, absolute destination.</summary>
/// <param name="Folder">The drop-in folder (absolute, as found in the root).</param>
/// <param name="Name">The folder's name.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Destination">The destination as written (placeholders expanded).</param>
/// <param name="Platforms">The <c>OnOS__</c> platforms; empty for all.</param>
/// <param name="RealFolder">The drop-in folder's real path (symbolic links above it resolved at plan time).</param>
/// <param name="Target">The destination's real path and the identity of its existing part, resolved at plan time.</param>
internal sealed record DropInRule(
    string Folder,
    string Name,
    DropInKind Kind,
    string Destination,
    IReadOnlyList<string> Platforms,
    string? RealFolder = null,
    Planning.ResolvedPath? Target = null);
