namespace AeUpdater.Plugins;

/// <summary>Told about the steps of a plugin run that a journal records (start, end, deletion).</summary>
internal interface IPluginRunObserver
{
    /// <summary>The plugin passed its checks and is about to be loaded and run.</summary>
    void Starting(LocatedPlugin plugin);

    /// <summary>The run ended (returned, threw or could not run); called before a one-shot plugin is deleted.</summary>
    void Ended(LocatedPlugin plugin, PluginReport report);

    /// <summary>The one-shot plugin was deleted.</summary>
    void Deleted(LocatedPlugin plugin);
}
