namespace AeUpdater.TestPlugins.CountsRuns;

/// <summary>Appends one line to <c>{usr}/oneshot-runs.log</c> per run, so a test can tell a second run of the same one-shot.</summary>
public static class Plugin
{
    public static bool RunUpdater(PluginContext context)
    {
        var usr = context.Placeholders["usr"];
        Directory.CreateDirectory(usr);
        File.AppendAllText(Path.Join(usr, "oneshot-runs.log"), "ran\n");
        return true;
    }
}
