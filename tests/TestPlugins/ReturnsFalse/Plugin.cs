namespace AeUpdater.TestPlugins.ReturnsFalse;

public static class Plugin
{
    public static bool RunUpdater() => false;
}
