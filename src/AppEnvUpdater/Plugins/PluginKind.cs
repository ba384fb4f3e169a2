namespace AeUpdater.Plugins;

/// <summary>The two plugins AeUpdater looks for in the root.</summary>
internal enum PluginKind
{
    /// <summary><c>ae_updater.dll</c> or <c>ae_updater/ae_updater.dll</c>: runs until it returns <see langword="true"/>, then is deleted.</summary>
    OneShot,

    /// <summary><c>ae_pre_app_run.dll</c> or <c>ae_pre_app_run/ae_pre_app_run.dll</c>: runs on every start, kept.</summary>
    EveryStart,
}
