using AeUpdater.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace AeUpdater.Tests.Options;

public sealed class UpdaterOptionsTests
{
    [Fact]
    public void FromConfiguration_JsonAndEnvironmentKeys_BindEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AeUpdater:Root"] = "/srv/app",
            ["AeUpdater:DefaultDestination"] = "{app}",
            ["AeUpdater:Platform"] = "win32",
            ["AeUpdater:AppName"] = "Demo",
            ["AeUpdater:Placeholders:USR"] = "/cfg",
            ["AeUpdater:Placeholders:apk_ext"] = "apk",
            ["AeUpdater:Exclude:0"] = "**/Thumbs.db",
            ["AeUpdater:DryRun"] = "true",
            ["AeUpdater:TrustAnyPlugin"] = "true",
            ["AeUpdater:RequireVerifiedPlugins"] = "true",
        }).Build();

        var options = UpdaterOptions.FromConfiguration(configuration);

        Assert.Equal("/srv/app", options.Root);
        Assert.Equal("{app}", options.DefaultDestination);
        Assert.Equal("win32", options.Platform);
        Assert.Equal("Demo", options.AppName);
        Assert.Equal(new Dictionary<string, string> { ["usr"] = "/cfg", ["apk_ext"] = "apk" }, options.Placeholders);
        Assert.Equal(["**/Thumbs.db"], options.Exclude);
        Assert.True(options.DryRun);
        Assert.True(options.TrustAnyPlugin);
        Assert.True(options.RequireVerifiedPlugins);
        options.Validate();
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("a/b")]
    [InlineData("a\tb")]
    [InlineData("..")]
    public void Validate_BadAppName_Rejected(string name)
    {
        var e = Assert.Throws<UpdaterOptionsException>(() => new UpdaterOptions { AppName = name }.Validate());

        Assert.Contains("AppName", Assert.Single(e.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyPlaceholderValue_Rejected()
    {
        var options = new UpdaterOptions();
        options.Placeholders["usr"] = "";

        var e = Assert.Throws<UpdaterOptionsException>(options.Validate);

        Assert.Contains("'usr' has no value", Assert.Single(e.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_OverrideUsingAnOverriddenIdThatSortsLater_SeesTheOverride()
    {
        // docs/configuration.md once said that "data" (sorted before "usr") would see the built-in {usr}: it does not.
        using var box = new Sandbox();
        box.Source("ae_updater_copies___ToPath__﹛data﹜/a.txt", "a");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AeUpdater:Placeholders:data"] = "{usr}/data",
            ["AeUpdater:Placeholders:usr"] = box.Tree.PathOf("custom"),
        }).Build();
        var options = UpdaterOptions.FromConfiguration(configuration);
        options.Root = box.Root;
        options.Environment = box.Environment;

        var report = AppEnvUpdater.CheckAll(options);

        Assert.Equal([box.Tree.PathOf("custom/data/a.txt")], report.Processed);
    }
}
