namespace AeUpdater.TestPlugins.EveryStart;

public static class Plugin
{
    public static bool RunUpdater() => true;
}
