namespace AeUpdater.Launcher;

/// <summary>Entry point: <c>INSTALL/APP [ARGS...]</c> starts the newest complete version of APP with ARGS.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var processPath = Environment.ProcessPath;
        if (string.IsNullOrEmpty(processPath))
        {
            Console.Error.WriteLine("ae-updater launcher: cannot tell where this launcher is (no process path)");
            return VersionLauncher.NothingToStart;
        }

        var appName = Path.GetFileName(processPath);
        if (OperatingSystem.IsWindows() && appName.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
        {
            appName = appName[..^4];
        }

        var launcher = new VersionLauncher(Path.GetDirectoryName(processPath)!, appName, Console.Error);
        return launcher.Run(args);
    }
}
