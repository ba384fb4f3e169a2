using AeUpdater.Installs;

// Usage: Installs.TestApp [--exit N] [--no-healthy] [--stdin] [--wait FILE] [ARGS...]
// Prints what it is (version.txt next to it), its arguments and the launcher's variables; a file named 'crash' next
// to it makes it die at once (exit 70) before it reports itself healthy, as a broken version would.
var here = AppContext.BaseDirectory;
if (File.Exists(Path.Join(here, "crash")))
{
    Console.Error.WriteLine("test app: crashing at start");
    return 70;
}

var version = File.Exists(Path.Join(here, "version.txt")) ? File.ReadAllText(Path.Join(here, "version.txt")).Trim() : "?";
Console.WriteLine("version=" + version);
Console.WriteLine("args=" + string.Join("|", args));
Console.WriteLine("versiondir=" + Environment.GetEnvironmentVariable("AEUPDATER_VERSION_DIR"));
if (!args.Contains("--no-healthy"))
{
    Console.WriteLine("healthy=" + InstalledApp.ReportHealthy());
}

if (args.Contains("--stdin"))
{
    Console.WriteLine("stdin=" + Console.In.ReadToEnd().Trim());
}

var wait = Array.IndexOf(args, "--wait");
if (wait >= 0)
{
    var file = args[wait + 1];
    File.WriteAllText(file + ".started", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (!File.Exists(file) && DateTime.UtcNow < deadline)
    {
        Thread.Sleep(20);
    }
}

Console.Out.Flush();
var exit = Array.IndexOf(args, "--exit");
return exit >= 0 ? int.Parse(args[exit + 1], System.Globalization.CultureInfo.InvariantCulture) : 0;
