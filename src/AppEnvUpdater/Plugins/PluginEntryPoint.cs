using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace AeUpdater.Plugins;

/// <summary>
/// A plugin's entry point: the one <c>public static bool RunUpdater()</c> or
/// <c>public static bool RunUpdater(AeUpdater.PluginContext context)</c> on a public type.
/// </summary>
internal sealed class PluginEntryPoint
{
    /// <summary>The name every entry point has.</summary>
    public const string MethodName = "RunUpdater";

    private readonly MethodInfo _method;

    private PluginEntryPoint(MethodInfo method, bool takesContext)
    {
        _method = method;
        TakesContext = takesContext;
    }

    /// <summary>Whether it takes a <see cref="PluginContext"/>.</summary>
    public bool TakesContext { get; }

    /// <summary>The method, e.g. <c>MyPlugin.Migration.RunUpdater(AeUpdater.PluginContext)</c>.</summary>
    public string Description => Describe(_method);

    /// <summary>Finds the entry point of <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The plugin's main assembly.</param>
    /// <param name="file">The plugin's file, named in the error.</param>
    /// <param name="entryPoint">The entry point when there is exactly one valid candidate and no invalid one.</param>
    /// <param name="error">Why there is none.</param>
    /// <returns>Whether it was found.</returns>
    public static bool TryFind(Assembly assembly, string file, [NotNullWhen(true)] out PluginEntryPoint? entryPoint, [NotNullWhen(false)] out string? error)
    {
        entryPoint = null;
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }

        var valid = new List<PluginEntryPoint>();
        var invalid = new List<string>();
        const BindingFlags AllDeclared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in types)
        {
            if (type is null)
            {
                continue;
            }

            foreach (var method in type.GetMethods(AllDeclared))
            {
                if (method.Name != MethodName)
                {
                    continue;
                }

                var problem = Check(type, method, out var takesContext);
                if (problem is null)
                {
                    valid.Add(new PluginEntryPoint(method, takesContext));
                }
                else
                {
                    invalid.Add($"{Describe(method)} {problem}");
                }
            }
        }

        const string Expected = "public static bool RunUpdater() or public static bool RunUpdater(AeUpdater.PluginContext) on a public type";
        if (invalid.Count > 0)
        {
            error = $"{file} has no valid entry point: {string.Join("; ", invalid)}; expected {Expected}.";
            return false;
        }

        switch (valid.Count)
        {
            case 0:
                error = $"{file} has no entry point: expected {Expected}.";
                return false;
            case > 1:
                error = $"{file} has {valid.Count} entry points ({Describe(valid)}); it must have exactly one.";
                return false;
            default:
                entryPoint = valid[0];
                error = null;
                return true;
        }
    }

    // Not LINQ in TryFind: every plugin run calls it, and LINQ would be loaded for this alone.
    private static string Describe(List<PluginEntryPoint> entryPoints)
    {
        var descriptions = new string[entryPoints.Count];
        for (var i = 0; i < descriptions.Length; i++)
        {
            descriptions[i] = entryPoints[i].Description;
        }

        return string.Join(", ", descriptions);
    }

    /// <summary>Calls the entry point.</summary>
    /// <param name="context">What a context-taking entry point gets.</param>
    /// <returns>What it returned.</returns>
    /// <exception cref="TargetInvocationException">It threw (the inner exception is the plugin's).</exception>
    public bool Invoke(PluginContext context) =>
        (bool)_method.Invoke(null, TakesContext ? [context] : [])!;

    private static string? Check(Type type, MethodInfo method, out bool takesContext)
    {
        takesContext = false;
        var problems = new List<string>();
        if (!type.IsVisible)
        {
            problems.Add($"is on the non-public type {type.FullName}");
        }

        if (!method.IsPublic)
        {
            problems.Add("is not public");
        }

        if (!method.IsStatic)
        {
            problems.Add("is not static");
        }

        if (method.ContainsGenericParameters)
        {
            problems.Add("is generic");
        }

        if (method.ReturnType != typeof(bool))
        {
            problems.Add($"returns {method.ReturnType.FullName} instead of System.Boolean");
        }

        var parameters = method.GetParameters();
        if (parameters.Length == 1 && parameters[0].ParameterType == typeof(PluginContext))
        {
            takesContext = true;
        }
        else if (parameters.Length == 1 && parameters[0].ParameterType.FullName == typeof(PluginContext).FullName)
        {
            problems.Add("takes a PluginContext from another copy of AeUpdater than the host's (is the plugin built against a newer AeUpdater?)");
        }
        else if (parameters.Length != 0)
        {
            problems.Add("takes other parameters than none or one AeUpdater.PluginContext");
        }

        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    private static string Describe(MethodInfo method) =>
        $"{method.DeclaringType?.FullName}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name))})";
}
