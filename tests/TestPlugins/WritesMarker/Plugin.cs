namespace AeUpdater.TestPlugins.WritesMarker;

/// <summary>
/// What an attacker would slip in: writes <c>{root}/attacker-code-ran</c> and returns <see langword="false"/> (so it
/// stays). A test that finds the marker has proven that the attacker's code ran.
/// </summary>
public static class Plugin
{
    public const string Marker = "attacker-code-ran";

    public static bool RunUpdater(PluginContext context)
    {
        File.AppendAllText(Path.Join(context.Root, Marker), context.PluginDirectory + "\n");
        return false;
    }
}
