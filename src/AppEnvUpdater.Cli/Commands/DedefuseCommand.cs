using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Placeholders;

namespace AeUpdater.Cli.Commands;

/// <summary><c>ae-updater dedefuse TEXT</c>: reverses <c>defuse</c>, e.g. to read a <c>___ToPath__</c> argument.</summary>
internal sealed class DedefuseCommand
{
    private const string Description = """
        Print TEXT with defused characters turned back ('⁄' to '/', '﹛' to '{', '⫻' to '://', ...), as Python's
        ae.base.dedefuse does. Use it to read the ___ToPath__ argument of a folder name.

        Example:
          ae-updater dedefuse '﹛app﹜⁄themes'      prints  {app}/themes
        """;

    private readonly CliHost _host;
    private readonly Argument<string> _text = new("TEXT") { Description = "The defused text, e.g. the part after ___ToPath__." };

    public DedefuseCommand(CliHost host)
    {
        _host = host;
    }

    public Command Build()
    {
        var command = new Command("dedefuse", Description) { _text };
        command.SetAction(parseResult =>
        {
            _host.Stdout.WriteLine(Defuser.Dedefuse(parseResult.GetValue(_text) ?? ""));
            return ExitCodes.Success;
        });
        return command;
    }
}
