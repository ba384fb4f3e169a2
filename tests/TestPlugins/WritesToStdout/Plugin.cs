namespace AeUpdater.TestPlugins.WritesToStdout;

public static class Plugin
{
    public static bool RunUpdater()
    {
        Console.WriteLine("plugin says hello on stdout {");
        Console.Out.Write("and writes more]");
        Console.Out.Flush();
        return true;
    }
}
