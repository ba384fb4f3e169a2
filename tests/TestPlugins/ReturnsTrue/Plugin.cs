namespace AeUpdater.TestPlugins.ReturnsTrue;

public static class Plugin
{
    public static bool RunUpdater() => true;
}
