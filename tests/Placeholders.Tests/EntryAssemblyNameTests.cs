using System.Reflection;

namespace AeUpdater.Placeholders.Tests;

/// <summary>
/// <see cref="PlaceholderEnvironment.System"/> takes the entry assembly's name (the default app name) from its display
/// name, which does not load ICU as <c>Assembly.GetName()</c> does; the result is the name <c>GetName()</c> gives.
/// </summary>
public sealed class EntryAssemblyNameTests
{
    public static TheoryData<string> Names => new()
    {
        "MyApp",
        "My.App.With.Dots",
        "comma,in,name",
        "equals=sign",
        "back\\slash",
        "quote\"d",
        "apo'strophe",
        " leading and trailing ",
        "tab\there",
        "line\nbreak",
        "Ünïcödé-名前",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void SimpleNameOf_DisplayName_IsTheNameGetNameGives(string name)
    {
        var display = new AssemblyName { Name = name, Version = new Version(1, 2, 3, 4), CultureName = "" }.FullName;

        Assert.Equal(name, PlaceholderEnvironment.SimpleNameOf(display));
        Assert.Equal(new AssemblyName(display).Name, PlaceholderEnvironment.SimpleNameOf(display));
    }

    [Fact]
    public void SimpleNameOf_NameAlone_AndNothing()
    {
        Assert.Equal("Solo", PlaceholderEnvironment.SimpleNameOf("Solo"));
        Assert.Null(PlaceholderEnvironment.SimpleNameOf(null));
        Assert.Null(PlaceholderEnvironment.SimpleNameOf(""));
    }

    [Fact]
    public void System_EntryAssemblyName_IsTheEntryAssemblysName()
    {
        var entry = Assembly.GetEntryAssembly();
        Assert.NotNull(entry);
        Assert.Equal(entry.GetName().Name, PlaceholderEnvironment.System.EntryAssemblyName);
    }

    [Fact]
    public void System_EntryAssemblyName_ReadOnFirstUse_IsTheEntryAssemblysName_AndSurvivesWithPlatform()
    {
        // The process's name is read when first asked for (a call that names its app never needs it), with the same value.
        var expected = PlaceholderEnvironment.SimpleNameOf(Assembly.GetEntryAssembly()?.FullName);

        Assert.Equal(expected, PlaceholderEnvironment.System.EntryAssemblyName);
        Assert.Equal(expected, PlaceholderEnvironment.System.WithPlatform(PlatformIds.Windows).EntryAssemblyName);
        var own = new PlaceholderEnvironment { HomeDirectory = "/h", EntryAssemblyName = "Own" };
        Assert.Equal("Own", own.EntryAssemblyName);
        Assert.Equal("Own", own.WithPlatform(PlatformIds.MacOS).EntryAssemblyName);
        Assert.Null(new PlaceholderEnvironment { HomeDirectory = "/h" }.WithPlatform(PlatformIds.Linux).EntryAssemblyName);
    }
}
