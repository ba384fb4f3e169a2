namespace AeUpdater.SampleApp.DemoPreAppRun;

/// <summary>Runs before the app on every start; here it only says so (on stderr, next to the app's log).</summary>
public static class PreAppRun
{
    public static bool RunUpdater()
    {
        Console.Error.WriteLine("[ae_pre_app_run] every-start plugin: checked the environment, all fine.");
        return true;
    }
}
