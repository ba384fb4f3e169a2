namespace AeUpdater.Cli.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Options_Defaults_AreValid()
    {
        var options = new UpdaterOptions();
        options.Validate();
        Assert.Equal("{usr}", options.DefaultDestination);
    }
}
