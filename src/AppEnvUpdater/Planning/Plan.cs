using AeUpdater.Rules;

namespace AeUpdater.Planning;

/// <summary>Everything a run will do, computed before anything changes.</summary>
internal sealed record Plan(
    string Root,
    string Platform,
    IReadOnlyList<DropInRule> Rules,
    IReadOnlyList<PlannedOperation> Operations,
    IReadOnlyList<FolderReport> Rejected,
    IReadOnlyList<FolderReport> Ignored,
    IReadOnlyList<FolderReport> Skipped);
