namespace AeUpdater.Rules;

/// <summary>A parsed drop-in folder name: the kind and its arguments (the <c>ToPath</c> value already dedefused).</summary>
internal sealed record ParsedFolderName(DropInKind Kind, string? ToPath, IReadOnlyList<string> Platforms);
