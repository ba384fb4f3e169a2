namespace AeUpdater;

/// <summary>The four kinds of drop-in folder, in the order <c>CheckAll</c> applies them.</summary>
public enum DropInKind
{
    /// <summary><c>ae_updater_copies</c>: copy each file whose destination does not exist.</summary>
    Copies,

    /// <summary><c>ae_updater_over_copies</c>: copy each file, replacing an existing destination.</summary>
    OverCopies,

    /// <summary><c>ae_updater_moves</c>: move each file whose destination does not exist.</summary>
    Moves,

    /// <summary><c>ae_updater_over_moves</c>: move each file, replacing an existing destination.</summary>
    OverMoves,
}
