using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace AeUpdater.Cli.Hosting;

/// <summary>
/// Loads a command's configuration and its Serilog logger; a broken <c>appsettings.json</c>, an unreadable one or a
/// bad <c>Serilog</c> section is an error message (exit code 2), never an exception.
/// </summary>
internal static class CliSetup
{
    public static bool TryLoadConfiguration(CliHost host, out IConfiguration configuration, out string? error)
    {
        try
        {
            configuration = CliConfiguration.Build(host);
            error = null;
            return true;
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            configuration = new ConfigurationBuilder().Build();
            error = "invalid configuration: " + ErrorText.Of(ex);
            return false;
        }
    }

    public static bool TryCreateLogger(IConfiguration configuration, CliHost host, bool verbose, out Serilog.Core.Logger logger, out string? error)
    {
        try
        {
            logger = CliLogging.Create(configuration, host, verbose);
            error = null;
            return true;
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            logger = new Serilog.LoggerConfiguration().CreateLogger();
            error = "invalid Serilog configuration: " + ErrorText.Of(ex);
            return false;
        }
    }

    /// <summary>Like <see cref="TryCreateLogger"/>, with the Serilog pipeline built on the first event a sink writes (<see cref="CliLogging.CreateDeferred"/>).</summary>
    public static bool TryCreateDeferredLogger(IConfiguration configuration, CliHost host, bool verbose, out DeferredLogger logger, out string? error)
    {
        try
        {
            logger = CliLogging.CreateDeferred(configuration, host, verbose);
            error = null;
            return true;
        }
        catch (Exception ex) when (IsConfigurationError(ex))
        {
            logger = DeferredLogger.Of(new Serilog.LoggerConfiguration().CreateLogger());
            error = "invalid Serilog configuration: " + ErrorText.Of(ex);
            return false;
        }
    }

    /// <summary>What loading a file or binding a section throws for bad input (not for bugs such as a null reference).</summary>
    public static bool IsConfigurationError(Exception ex) =>
        ex is InvalidDataException or FormatException or InvalidOperationException or ArgumentException or JsonException
            or IOException or UnauthorizedAccessException or TargetInvocationException or NotSupportedException or OverflowException
            or InvalidCastException;
}
