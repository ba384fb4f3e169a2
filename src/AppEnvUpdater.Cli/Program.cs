using AeUpdater.Cli.Hosting;

namespace AeUpdater.Cli;

internal static class Program
{
    public static int Main(string[] args) => CliApp.Run(args, CliHost.FromSystem());
}
