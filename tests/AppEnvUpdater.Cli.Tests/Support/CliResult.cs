using System.Text.Json;

namespace AeUpdater.Cli.Tests.Support;

/// <summary>What a CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonDocument Json() => JsonDocument.Parse(Stdout);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
