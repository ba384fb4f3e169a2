namespace AeUpdater.Rules;

/// <summary>The folder-name vocabulary shared with Python's ae.updater.</summary>
internal static class DropInFolderNames
{
    public const string Copies = "ae_updater_copies";
    public const string OverCopies = "ae_updater_over_copies";
    public const string Moves = "ae_updater_moves";
    public const string OverMoves = "ae_updater_over_moves";

    /// <summary>Separates the kind and each argument in a folder name (three underscores).</summary>
    public const string ArgumentSeparator = "___";

    /// <summary>The destination argument; its value is a defused path.</summary>
    public const string ToPath = "ToPath__";

    /// <summary>The platform argument; its value is a platform id.</summary>
    public const string OnOS = "OnOS__";

    /// <summary>What every drop-in folder name starts with; other names with it are near misses.</summary>
    public const string CommonPrefix = "ae_updater_";

    public static IReadOnlyList<DropInKind> Kinds { get; } =
        [DropInKind.Copies, DropInKind.OverCopies, DropInKind.Moves, DropInKind.OverMoves];

    public static string NameOf(DropInKind kind) => kind switch
    {
        DropInKind.Copies => Copies,
        DropInKind.OverCopies => OverCopies,
        DropInKind.Moves => Moves,
        DropInKind.OverMoves => OverMoves,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
