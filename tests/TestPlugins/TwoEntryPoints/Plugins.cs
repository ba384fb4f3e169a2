namespace AeUpdater.TestPlugins.TwoEntryPoints;

public static class First
{
    public static bool RunUpdater() => true;
}

public static class Second
{
    public static bool RunUpdater() => true;
}
