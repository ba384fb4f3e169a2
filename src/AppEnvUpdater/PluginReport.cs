namespace AeUpdater;

/// <summary>A plugin found in the root and what happened to it.</summary>
public sealed record PluginReport
{
    /// <summary>The one-shot plugin's name: <c>ae_updater</c>.</summary>
    public const string OneShotName = "ae_updater";

    /// <summary>The every-start plugin's name: <c>ae_pre_app_run</c>.</summary>
    public const string EveryStartName = "ae_pre_app_run";

    /// <summary><see cref="OneShotName"/> or <see cref="EveryStartName"/>.</summary>
    public required string Name { get; init; }

    /// <summary>The plugin's assembly (absolute).</summary>
    public required string Path { get; init; }

    /// <summary>Whether its entry point was called.</summary>
    public bool Ran { get; init; }

    /// <summary>What the entry point returned, or <see langword="null"/> when it did not return.</summary>
    public bool? Result { get; init; }

    /// <summary>Whether the one-shot plugin was deleted after returning <see langword="true"/>.</summary>
    public bool Deleted { get; init; }

    /// <summary>Why it was refused, could not run, or failed (with the exception), or <see langword="null"/>.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the crash-loop guard kept the plugin from running (too many consecutive failures of these bytes).</summary>
    public bool Quarantined { get; init; }

    /// <summary>Whether the plugin counts as failed (refused, not loadable, threw, or quarantined).</summary>
    public bool Failed => Error is not null;
}
