namespace AeUpdater.TestPlugins.CallsExit;

/// <summary>A plugin that ends its host with <c>Environment.Exit(42)</c>: what docs/plugins.md tells plugin authors not to do.</summary>
public static class Plugin
{
    public const int ExitCode = 42;

    public static bool RunUpdater()
    {
        Environment.Exit(ExitCode);
        return true;
    }
}
