using AeUpdater.Placeholders;

var home = Path.Combine(Path.GetTempPath(), "aeupdater-sample-home");
var map = PlaceholderMap.Create(new PlaceholderEnvironment { HomeDirectory = home }, "SampleApp");
Console.WriteLine($"Placeholders resolved for a scratch home {home}:");
foreach (var (id, value) in map.Entries)
{
    Console.WriteLine($"  {{{id}}} = {value}");
}
