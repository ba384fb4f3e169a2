namespace AeUpdater.Journaling;

/// <summary>How a plugin run ended, as the ledger records it.</summary>
internal enum PluginEnd
{
    /// <summary>The entry point returned <see langword="true"/>.</summary>
    Succeeded,

    /// <summary>The entry point returned <see langword="false"/>: pending, not a failure.</summary>
    ReturnedFalse,

    /// <summary>The entry point threw.</summary>
    Failed,
}
