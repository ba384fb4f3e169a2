namespace AeUpdater.TestPlugins.Throws;

public static class Plugin
{
    public static bool RunUpdater() => throw new InvalidOperationException("Boom from the Throws plugin.");
}
