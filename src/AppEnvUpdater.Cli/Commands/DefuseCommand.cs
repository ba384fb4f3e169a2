using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Placeholders;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater defuse TEXT</c>: turns a path into text usable in a folder name (for <c>___ToPath__</c>).</summary>
internal sealed class DefuseCommand
{
    private const string Description = """
        Print TEXT made usable inside a folder name, as Python's ae.base.defuse does: '://' becomes '⫻', then
        '/' becomes '⁄', '{' '﹛', '}' '﹜', ':' '﹕', and so on. Use it to write a ___ToPath__ argument.

        Examples:
          ae-updater defuse '{app}/themes'       prints  ﹛app﹜⁄themes
          mkdir "ae_updater_moves___ToPath__$(ae-updater defuse '{app}/themes')"
        """;

    private readonly CliHost _host;
    private readonly Argument<string> _text = new("TEXT") { Description = "The text (usually a path) to defuse." };

    public DefuseCommand(CliHost host)
    {
        _host = host;
    }

    public Command Build()
    {
        var command = new Command("defuse", Description) { _text };
        command.SetAction(parseResult =>
        {
            _host.Stdout.WriteLine(Defuser.Defuse(parseResult.GetValue(_text) ?? ""));
            return ExitCodes.Success;
        });
        return command;
    }
}
