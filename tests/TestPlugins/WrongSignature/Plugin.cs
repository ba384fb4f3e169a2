namespace AeUpdater.TestPlugins.WrongSignature;

public static class Plugin
{
    public static int RunUpdater() => 1;
}
