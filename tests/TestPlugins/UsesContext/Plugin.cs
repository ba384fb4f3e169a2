namespace AeUpdater.TestPlugins.UsesContext;

/// <summary>Writes what it got to <c>{usr}/uses-context.txt</c>, one value a line.</summary>
public static class Plugin
{
    public static bool RunUpdater(PluginContext context)
    {
        var usr = context.Placeholders["usr"];
        Directory.CreateDirectory(usr);
        File.WriteAllLines(Path.Join(usr, "uses-context.txt"), [context.Root, context.PluginDirectory, context.Placeholders.AppName]);
        return true;
    }
}
