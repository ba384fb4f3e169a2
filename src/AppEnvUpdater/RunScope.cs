namespace AeUpdater;

/// <summary>Which steps a call runs: <c>CheckAll</c> runs all; its siblings one each.</summary>
internal sealed record RunScope(bool OneShotPlugin, bool EveryStartPlugin, IReadOnlyCollection<DropInKind> Kinds)
{
    public static RunScope All { get; } = new(true, true, UpdateEngine.AllKinds);

    public static RunScope Copies(bool overwrite) => new(false, false, [overwrite ? DropInKind.OverCopies : DropInKind.Copies]);

    public static RunScope Moves(bool overwrite) => new(false, false, [overwrite ? DropInKind.OverMoves : DropInKind.Moves]);

    // Built when asked for, not with All: an empty list of kinds is Array.Empty<DropInKind>, which the JIT compiles at run
    // time (a generic instantiation over a value type is not precompiled), and CheckAll would pay for it at every start.
    public static RunScope OneShot => new(true, false, []);

    public static RunScope EveryStart => new(false, true, []);
}
