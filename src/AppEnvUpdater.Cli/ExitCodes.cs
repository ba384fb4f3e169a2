namespace AeUpdater.Cli;

/// <summary>The exit codes of <c>ae-updater</c>.</summary>
internal static class ExitCodes
{
    /// <summary>All done, or nothing to do (a one-shot plugin that returned false is pending, not failed).</summary>
    public const int Success = 0;

    /// <summary>An operation or plugin failed, or a folder or plugin was rejected.</summary>
    public const int Failures = 1;

    /// <summary>Bad usage or invalid options.</summary>
    public const int Usage = 2;
}
