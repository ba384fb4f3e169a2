namespace AeUpdater;

/// <summary>Which steps a call runs: <c>CheckAll</c> runs all; its siblings one each.</summary>
internal sealed record RunScope(bool OneShotPlugin, bool EveryStartPlugin, IReadOnlyCollection<DropInKind> Kinds)
{
    public static RunScope All { get; } = new(true, true, UpdateEngine.AllKinds);

    public static RunScope Copies(bool overwrite) => new(false, false, [overwrite ? DropInKind.OverCopies : DropInKind.Copies]);

    public static RunScope Moves(bool overwrite) => new(false, false, [overwrite ? DropInKind.OverMoves : DropInKind.Moves]);

    public static RunScope OneShot { get; } = new(true, false, []);

    public static RunScope EveryStart { get; } = new(false, true, []);
}
