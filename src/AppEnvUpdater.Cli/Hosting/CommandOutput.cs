using AeUpdater.Cli.Output;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// How a command ends: its errors as one line on stderr (and, with <c>--json</c>, as the one JSON object on stdout), and
/// its report written so that a standard output that cannot be written (a closed pipe, a full disk) ends the command
/// with a message and exit code 1 instead of a stack trace.
/// </summary>
internal sealed class CommandOutput
{
    private readonly CliHost _host;
    private readonly string _command;
    private readonly string _prefix;
    private readonly bool _json;

    /// <param name="host">The host.</param>
    /// <param name="command">The command's name (<c>check-all</c>), or empty for the root command.</param>
    /// <param name="json">Whether <c>--json</c> was given.</param>
    public CommandOutput(CliHost host, string command, bool json)
    {
        _host = host;
        _command = command;
        _prefix = command.Length == 0 ? "ae-updater" : "ae-updater " + command;
        _json = json;
    }

    /// <summary>Reports <paramref name="errors"/> and returns <paramref name="exitCode"/>.</summary>
    public int Fail(int exitCode, IReadOnlyList<string> errors)
    {
        WriteError(string.Join("; ", errors.Select(ErrorText.WithoutFinalPeriod)) + ".");
        if (_json)
        {
            return Write(exitCode, stdout => JsonErrorWriter.Write(stdout, _command, exitCode, errors));
        }

        return exitCode;
    }

    /// <summary>Reports one error.</summary>
    public int Fail(int exitCode, string error) => Fail(exitCode, [error]);

    /// <summary>Writes the report; returns <paramref name="exitCode"/>, or 1 when stdout could not be written.</summary>
    public int Write(int exitCode, Action<TextWriter> write)
    {
        try
        {
            write(_host.Stdout);
            _host.Stdout.Flush();
            return exitCode;
        }
        catch (IOException ex)
        {
            WriteError($"could not write to standard output ({ErrorText.WithoutFinalPeriod(ex.Message)}); exit code {Math.Max(exitCode, ExitCodes.Failures)}.");
            return Math.Max(exitCode, ExitCodes.Failures);
        }
    }

    /// <summary>One line on stderr, prefixed with the command; a failing stderr is ignored (there is nowhere left to say it).</summary>
    public void WriteError(string line)
    {
        try
        {
            _host.Stderr.WriteLine($"{_prefix}: {ReportText.Escape(ErrorText.OneLine(line))}");
            _host.Stderr.Flush();
        }
        catch (IOException)
        {
            // stderr is gone too; the exit code is all that is left.
        }
    }
}
