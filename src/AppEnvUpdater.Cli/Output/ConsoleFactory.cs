using AeUpdater.Cli.Hosting;
using Spectre.Console;

namespace AeUpdater.Cli.Output;

/// <summary>Creates the Spectre console over the host's stdout: colours and live displays on a terminal, plain text otherwise.</summary>
internal static class ConsoleFactory
{
    /// <summary>The width used when stdout is not a terminal (wide, so that paths are not wrapped).</summary>
    public const int RedirectedWidth = 240;

    public static IAnsiConsole Create(CliHost host)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(host.Stdout),
            Ansi = host.IsInteractive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = host.IsInteractive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = host.IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!host.IsInteractive)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
