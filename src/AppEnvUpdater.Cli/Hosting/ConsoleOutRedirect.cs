namespace AeUpdater.Cli.Hosting;

/// <summary>
/// While plugins run in the process, <see cref="Console.Out"/> is standard error: what a plugin prints with
/// <c>Console.WriteLine</c> never mixes with the report on stdout (the host's <see cref="CliHost.Stdout"/> keeps the
/// real standard output). Only for the process's own console; a host over other writers (tests, embedding) is left alone.
/// </summary>
internal sealed class ConsoleOutRedirect : IDisposable
{
    private readonly TextWriter? _previous;

    private ConsoleOutRedirect(TextWriter? previous)
    {
        _previous = previous;
    }

    public static ConsoleOutRedirect ToStandardError(CliHost host)
    {
        if (!host.IsSystemConsole)
        {
            return new ConsoleOutRedirect(null);
        }

        var previous = Console.Out;
        Console.SetOut(Console.Error);
        return new ConsoleOutRedirect(previous);
    }

    public void Dispose()
    {
        if (_previous is not null)
        {
            Console.SetOut(_previous);
        }
    }
}
