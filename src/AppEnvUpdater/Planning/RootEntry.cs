namespace AeUpdater.Planning;

/// <summary>A non-hidden sub-folder of the root.</summary>
/// <remarks>
/// A class, not a struct: the root holds a few entries, and the framework's enumeration and sorting over a struct of
/// AeUpdater's own would be JIT-compiled in every run with work (about 50 methods; ReadyToRun cannot precompile a
/// framework generic over it), while over a class they share precompiled code (docs/performance.md, "Moves: seventh round").
/// </remarks>
/// <param name="Name">The folder's name.</param>
/// <param name="IsLink">Whether it is a symbolic link to a folder.</param>
internal sealed record RootEntry(string Name, bool IsLink);
