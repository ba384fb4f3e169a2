using Microsoft.Extensions.Configuration;

namespace AeUpdater.Tests.Options;

/// <summary>
/// <see cref="ConfigurationReader"/> (the binder-free reading of the <c>AeUpdater</c> section) gives exactly what
/// <c>ConfigurationBinder.Bind</c> gives, whenever it reads a section at all; and it reads the usual forms itself (else it
/// would save nothing). Compared key by key against the binder, over values in the usual forms and in every other form
/// the binder takes or refuses.
/// </summary>
public sealed class ConfigurationReaderTests
{
    /// <summary>Sections (keys below <c>AeUpdater:</c>, values; null is a key without a value) the reader must read itself.</summary>
    public static TheoryData<string[]> Usual => new()
    {
        S(),
        S("DefaultDestination", "{usr}"),
        S("Root", "/srv/app", "Platform", "linux", "AppName", "My App", "StateDirectory", "~/state", "DefaultDestination", ""),
        S("Root", ""),
        S("DryRun", "true", "TrustAnyPlugin", "False", "RequireVerifiedPlugins", "TRUE"),
        S("dryrun", "false", "ROOT", "/r", "durability", "fast"),
        S("LockTimeout", "00:00:30"), S("LockTimeout", "30"), S("LockTimeout", "1.02:03:04.5"), S("LockTimeout", "00:01"),
        S("Durability", "Fast"), S("Durability", "FULL"),
        S("MaxPluginFailures", "3"), S("MaxPluginFailures", "-1"), S("MaxPluginFailures", "007"), S("MaxPluginFailures", "999999999"),
        S("Placeholders:usr", "/u", "Placeholders:custom", "v", "Placeholders:USR_2", ""),
        S("Exclude:0", "*.tmp", "Exclude:1", "b", "Exclude:10", "c", "Exclude:2", "d", "Exclude:x", "e"),
    };

    /// <summary>Sections in forms the reader leaves to the binder (which takes some and refuses others).</summary>
    public static TheoryData<string[]> Other => new()
    {
        S("DryRun", " true"), S("DryRun", "yes"), S("DryRun", "1"), S("DryRun", ""), S("DryRun", null!),
        S("LockTimeout", " 00:00:30"), S("LockTimeout", "-00:00:01"), S("LockTimeout", "abc"), S("LockTimeout", ""), S("LockTimeout", "1:2:3:4:5"),
        S("LockTimeout", "00:00:60"), S("LockTimeout", "99:99:99"), S("LockTimeout", "99999999999"),
        S("Durability", "1"), S("Durability", "0"), S("Durability", "Fast,Full"), S("Durability", " Fast"), S("Durability", "Slow"), S("Durability", ""),
        S("MaxPluginFailures", "+3"), S("MaxPluginFailures", " 3"), S("MaxPluginFailures", "2147483647"), S("MaxPluginFailures", "99999999999"),
        S("MaxPluginFailures", "1e3"), S("MaxPluginFailures", ""), S("MaxPluginFailures", "0x10"), S("MaxPluginFailures", "-"),
        S("Placeholders:a:b", "nested"), S("Placeholders:usr", null!), S("Placeholders", "scalar"),
        S("Exclude", "scalar"), S("Exclude:0", null!), S("Exclude:0:x", "deep"),
        S("Root:x", "deep"), S("Root", null!), S("Unknown", "x"), S("Environment:HomeDirectory", "/h"), S("StepHook", "x"),
        S("TimeProvider", "x"), S("Progress", "x"),
        S("Root", "/r", "DryRun", "maybe"),
    };

    [Theory]
    [MemberData(nameof(Usual))]
    public void UsualForms_AreReadWithoutTheBinder_AsTheBinderReadsThem(string[] section)
    {
        var configuration = Configuration(section);

        var read = new UpdaterOptions();
        Assert.True(ConfigurationReader.TryRead(configuration.GetSection(UpdaterOptions.SectionName), read), "the reader left a usual form to the binder");

        var bound = new UpdaterOptions();
        configuration.GetSection(UpdaterOptions.SectionName).Bind(bound);
        AssertSame(bound, read);
    }

    [Theory]
    [MemberData(nameof(Other))]
    public void OtherForms_AreLeftToTheBinder_Untouched(string[] section)
    {
        var configuration = Configuration(section);
        var read = new UpdaterOptions();

        Assert.False(ConfigurationReader.TryRead(configuration.GetSection(UpdaterOptions.SectionName), read));
        AssertSame(new UpdaterOptions(), read);
    }

    [Theory]
    [MemberData(nameof(Usual))]
    [MemberData(nameof(Other))]
    public void FromConfiguration_IsWhatTheBinderGives_OrFailsAsItFails(string[] section)
    {
        var configuration = Configuration(section);

        var expectedError = Record.Exception(() => BoundByBinder(configuration));
        var actualError = Record.Exception(() => UpdaterOptions.FromConfiguration(configuration));

        Assert.Equal(expectedError?.GetType(), actualError?.GetType());
        Assert.Equal(expectedError?.Message, actualError?.Message);
        if (expectedError is null)
        {
            AssertSame(BoundByBinder(configuration), UpdaterOptions.FromConfiguration(configuration));
        }
    }

    [Fact]
    public void ASectionWithAValue_IsLeftToTheBinder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AeUpdater"] = "x", ["AeUpdater:Root"] = "/r" }).Build();

        Assert.False(ConfigurationReader.TryRead(configuration.GetSection(UpdaterOptions.SectionName), new UpdaterOptions()));
    }

    /// <summary>What <see cref="UpdaterOptions.FromConfiguration"/> did before the reader: the binder, then the built-in ids' case.</summary>
    private static UpdaterOptions BoundByBinder(IConfiguration configuration)
    {
        var options = new UpdaterOptions();
        configuration.GetSection(UpdaterOptions.SectionName).Bind(options);
        options.Placeholders = options.Placeholders.ToDictionary(
            p => Placeholders.PlaceholderIds.BuiltIn.FirstOrDefault(id => string.Equals(id, p.Key, StringComparison.OrdinalIgnoreCase)) ?? p.Key,
            p => p.Value,
            StringComparer.Ordinal);
        return options;
    }

    private static string[] S(params string[] keysAndValues) => keysAndValues;

    private static IConfigurationRoot Configuration(string[] section)
    {
        var values = new Dictionary<string, string?> { ["Other:Root"] = "/not/this/section" };
        for (var i = 0; i < section.Length; i += 2)
        {
            values[UpdaterOptions.SectionName + ":" + section[i]] = section[i + 1];
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static void AssertSame(UpdaterOptions expected, UpdaterOptions actual)
    {
        Assert.Equal(expected.Root, actual.Root);
        Assert.Equal(expected.DefaultDestination, actual.DefaultDestination);
        Assert.Equal(expected.Platform, actual.Platform);
        Assert.Equal(expected.AppName, actual.AppName);
        Assert.Equal(expected.StateDirectory, actual.StateDirectory);
        Assert.Equal(expected.DryRun, actual.DryRun);
        Assert.Equal(expected.TrustAnyPlugin, actual.TrustAnyPlugin);
        Assert.Equal(expected.RequireVerifiedPlugins, actual.RequireVerifiedPlugins);
        Assert.Equal(expected.LockTimeout, actual.LockTimeout);
        Assert.Equal(expected.Durability, actual.Durability);
        Assert.Equal(expected.MaxPluginFailures, actual.MaxPluginFailures);
        Assert.Equal(expected.Placeholders.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Placeholders.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Placeholders.Comparer, actual.Placeholders.Comparer);
        Assert.Equal(expected.Exclude, actual.Exclude);
        Assert.Equal(expected.Environment?.HomeDirectory, actual.Environment?.HomeDirectory);
        Assert.Null(actual.TimeProvider);
        Assert.Null(actual.Progress);
    }
}
