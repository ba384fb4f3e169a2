using System.Runtime.Loader;
using Newtonsoft.Json;

namespace AeUpdater.TestPlugins.UsesNewtonsoft;

/// <summary>Writes <c>{root}/newtonsoft.json</c> through Newtonsoft.Json, saying where Newtonsoft was loaded.</summary>
public static class Plugin
{
    public static bool RunUpdater(PluginContext context)
    {
        var newtonsoft = typeof(JsonConvert).Assembly;
        var loadContext = AssemblyLoadContext.GetLoadContext(newtonsoft);
        var json = JsonConvert.SerializeObject(new Dictionary<string, object?>
        {
            ["Version"] = newtonsoft.GetName().Version?.ToString(),
            ["LoadContext"] = loadContext?.Name,
            ["Collectible"] = loadContext?.IsCollectible,
            ["SameContextAsPlugin"] = loadContext == AssemblyLoadContext.GetLoadContext(typeof(Plugin).Assembly),
        });
        File.WriteAllText(Path.Join(context.Root, "newtonsoft.json"), json);
        return true;
    }
}
