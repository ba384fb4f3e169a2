using System.CommandLine;
using AeUpdater.Cli.Hosting;
using AeUpdater.Placeholders;

namespace AeUpdater.Cli.Commands;

/// <summary>
/// <c>ae-updater defuse TEXT</c> and <c>ae-updater dedefuse TEXT</c>: one command shape, converting a path to and from
/// the text of a <c>___ToPath__</c> folder-name argument.
/// </summary>
internal sealed class DefuseCommand
{
    private readonly CliHost _host;
    private readonly string _name;
    private readonly string _description;
    private readonly Func<string, string> _convert;
    private readonly Argument<string> _text;

    private DefuseCommand(CliHost host, string name, string description, string textDescription, Func<string, string> convert)
    {
        _host = host;
        _name = name;
        _description = description;
        _convert = convert;
        _text = new Argument<string>("TEXT") { Description = textDescription };
    }

    /// <summary><c>defuse</c>: turns a path into text usable in a folder name.</summary>
    public static DefuseCommand Defuse(CliHost host) => new(
        host,
        "defuse",
        """
        Print TEXT made usable inside a folder name, as Python's ae.base.defuse does: '://' becomes '⫻', then
        '/' becomes '⁄', '{' '﹛', '}' '﹜', ':' '﹕', and so on. Use it to write a ___ToPath__ argument.

        Examples:
          ae-updater defuse '{app}/themes'       prints  ﹛app﹜⁄themes
          mkdir "ae_updater_moves___ToPath__$(ae-updater defuse '{app}/themes')"
        """,
        "The text (usually a path) to defuse.",
        Defuser.Defuse);

    /// <summary><c>dedefuse</c>: reverses <c>defuse</c>, e.g. to read a <c>___ToPath__</c> argument.</summary>
    public static DefuseCommand Dedefuse(CliHost host) => new(
        host,
        "dedefuse",
        """
        Print TEXT with defused characters turned back ('⁄' to '/', '﹛' to '{', '⫻' to '://', ...), as Python's
        ae.base.dedefuse does. Use it to read the ___ToPath__ argument of a folder name.

        Example:
          ae-updater dedefuse '﹛app﹜⁄themes'      prints  {app}/themes
        """,
        "The defused text, e.g. the part after ___ToPath__.",
        Defuser.Dedefuse);

    public Command Build()
    {
        var command = new Command(_name, _description) { _text };
        command.SetAction(parseResult =>
        {
            var text = _convert(parseResult.GetValue(_text) ?? "");
            return new CommandOutput(_host, _name, json: false).Write(ExitCodes.Success, stdout => stdout.WriteLine(text));
        });
        return command;
    }
}
