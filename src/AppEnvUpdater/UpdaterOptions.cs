using AeUpdater.Placeholders;
using Microsoft.Extensions.Configuration;

namespace AeUpdater;

/// <summary>
/// Options of a <c>CheckAll</c> call. Bindable from configuration section <see cref="SectionName"/>
/// (<c>appsettings.json</c>, <c>AEUPDATER__*</c> environment variables, ...); validated once per call.
/// </summary>
public sealed partial class UpdaterOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "AeUpdater";

    /// <summary>The folder searched for drop-in folders and plugins; relative <c>ToPath</c> values resolve against it. A relative value is taken from the app's base directory.</summary>
    /// <value>Default: the app's base directory (<see cref="AppContext.BaseDirectory"/>, where its executable is), whatever the current directory.</value>
    public string? Root { get; set; }

    /// <summary>Where files go when a folder name has no <c>ToPath__</c> argument; may use placeholders.</summary>
    /// <value>Default: <c>{usr}</c>.</value>
    public string DefaultDestination { get; set; } = "{" + PlaceholderIds.Usr + "}";

    /// <summary>The platform id <c>OnOS__</c> arguments are compared with (see <see cref="PlatformIds"/>).</summary>
    /// <value>Default: the detected platform.</value>
    public string? Platform { get; set; }

    /// <summary>The app's name, used for <c>{app}</c>, <c>{ado}</c> and <c>{app_name}</c>.</summary>
    /// <value>Default: the entry assembly's name.</value>
    public string? AppName { get; set; }

    /// <summary>Placeholder ids to add or override (<c>AeUpdater:Placeholders:&lt;id&gt;</c>).</summary>
    /// <value>Default: none.</value>
    public Dictionary<string, string> Placeholders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Glob patterns (relative to each drop-in folder) of files never applied, e.g. <c>**/Thumbs.db</c>. Hidden names are always excluded.</summary>
    /// <value>Default: none.</value>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Plan and report only: nothing is changed, no plugin is loaded, no folder is created.</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool DryRun { get; set; }

    /// <summary>Run plugins even when the root, their folder or a file they load is writable by others, owned by another user or a symbolic link (Unix).</summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool TrustAnyPlugin { get; set; }

    /// <summary>
    /// Run a plugin only when every assembly it loads from its folder (its main assembly and its private dependencies)
    /// has, byte for byte, the SHA-256 and length that the last verified archive applied by AeUpdater.Delivery wrote
    /// at that path (the record <c>verified-files.json</c> in <see cref="StateDirectory"/>). Anything else is not run and
    /// reported; without a valid record no plugin runs.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool RequireVerifiedPlugins { get; set; }

    /// <summary>Where home, environment variables and special folders are read from; tests pass a temporary home.</summary>
    /// <value>Default: <see cref="PlaceholderEnvironment.System"/>.</value>
    public PlaceholderEnvironment? Environment { get; set; }

    /// <summary>Where the journal and the lock live; never inside a drop-in folder; created on first need. May use placeholders.</summary>
    /// <value>Default: <c>{app}/.aeupdater</c>.</value>
    public string StateDirectory { get; set; } = "{" + PlaceholderIds.App + "}/.aeupdater";

    /// <summary>How long a call waits for another process's run on the same state directory to finish.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether data is flushed to disk at the points that matter (<see cref="Durability.Full"/>) or only kept atomic against process crashes.</summary>
    /// <value>Default: <see cref="Durability.Full"/>.</value>
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>After this many consecutive failed or interrupted runs of the same plugin bytes, the plugin is quarantined (kept, not run) until its bytes change.</summary>
    /// <value>Default: 3.</value>
    public int MaxPluginFailures { get; set; } = 3;

    /// <summary>The clock for journal time stamps.</summary>
    /// <value>Default: <see cref="System.TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Receives a report when the plan is ready and after each file operation (e.g. for a progress bar).</summary>
    /// <value>Default: none.</value>
    public IProgress<UpdateProgress>? Progress { get; set; }

    /// <summary>Test seam: replaces the file journal (e.g. by an in-memory one); gets the state directory.</summary>
    internal Func<string, Journaling.IJournal>? JournalFactory { get; set; }

    /// <summary>Test seam: called with a step name at each step that changes the disk; a test throws or exits the process here.</summary>
    internal Action<string>? StepHook { get; set; }

    /// <summary>Test seam: a moves folder with at least this many files is moved on several threads.</summary>
    internal int ConcurrentMovesFrom { get; set; } = Operations.ExecutionSettings.DefaultConcurrentMovesFrom;

    /// <summary>Binds options from section <see cref="SectionName"/> of <paramref name="configuration"/>.</summary>
    /// <param name="configuration">The configuration root.</param>
    /// <returns>The options; not yet validated.</returns>
    public static UpdaterOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new UpdaterOptions();
        var section = configuration.GetSection(SectionName);
        if (!ConfigurationReader.TryRead(section, options))
        {
            section.Bind(options);
        }

        // Configuration keys are case-insensitive (AEUPDATER__PLACEHOLDERS__USR arrives as "USR"): a key that names a
        // built-in id in another case overrides that id.
        options.Placeholders = options.Placeholders.ToDictionary(
            p => PlaceholderIds.BuiltIn.FirstOrDefault(id => string.Equals(id, p.Key, StringComparison.OrdinalIgnoreCase)) ?? p.Key,
            p => p.Value,
            StringComparer.Ordinal);
        return options;
    }

    /// <summary>Checks the options and throws one exception that lists every problem.</summary>
    /// <exception cref="UpdaterOptionsException">Any option is invalid.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (Root is not null && (Root.Length == 0 || CharScan.Contains(Root, '\0')))
        {
            errors.Add($"{nameof(Root)}: '{Root}' is not a folder path.");
        }

        if (string.IsNullOrWhiteSpace(DefaultDestination))
        {
            errors.Add($"{nameof(DefaultDestination)}: must not be empty (the default is {{usr}}).");
        }

        if (Platform is not null && !PlatformIds.IsKnown(Platform))
        {
            errors.Add($"{nameof(Platform)}: '{Platform}' is not a platform id; use one of {string.Join(", ", PlatformIds.All)}.");
        }

        if (AppName is not null && !IsValidFolderName(AppName))
        {
            errors.Add($"{nameof(AppName)}: '{AppName}' is not a valid folder name.");
        }

        foreach (var (id, value) in Placeholders ?? [])
        {
            if (!PlaceholderIds.IsValid(id))
            {
                errors.Add($"{nameof(Placeholders)}: '{id}' is not a valid placeholder id (letters, digits and '_', not starting with a digit).");
            }
            else if (string.IsNullOrEmpty(value))
            {
                errors.Add($"{nameof(Placeholders)}: '{id}' has no value.");
            }
        }

        foreach (var pattern in Exclude ?? [])
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                errors.Add($"{nameof(Exclude)}: an empty pattern.");
            }
        }

        if (string.IsNullOrWhiteSpace(StateDirectory))
        {
            errors.Add($"{nameof(StateDirectory)}: must not be empty (the default is {{app}}/.aeupdater).");
        }

        if (LockTimeout < TimeSpan.Zero)
        {
            errors.Add($"{nameof(LockTimeout)}: {LockTimeout} is negative.");
        }

        if (Durability is not (Durability.Full or Durability.Fast))
        {
            errors.Add($"{nameof(Durability)}: '{Durability}' is neither {nameof(Durability.Full)} nor {nameof(Durability.Fast)}.");
        }

        if (MaxPluginFailures < 1)
        {
            errors.Add($"{nameof(MaxPluginFailures)}: {MaxPluginFailures} must be at least 1.");
        }

        ValidateMore(errors);
        if (errors.Count > 0)
        {
            throw new UpdaterOptionsException(errors);
        }
    }

    partial void ValidateMore(List<string> errors);

    // Validation runs on every start, so it is plain loops: no LINQ or reflection to compile on the first call.
    private static bool IsValidFolderName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is '/' or '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
