using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace AeUpdater.Placeholders.Tests;

/// <summary>Prints the public types and members of an assembly as sorted, stable C#-like text.</summary>
internal static class PublicApiPrinter
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Print(Assembly assembly) => Print(assembly.GetExportedTypes());

    /// <summary>
    /// Fails unless the public surface of <paramref name="assembly"/> equals <c>PublicApi.approved.txt</c> in
    /// <paramref name="folder"/>; on a difference it writes <c>PublicApi.received.txt</c> there and names the first
    /// differing line.
    /// </summary>
    public static void AssertMatchesApproved(Assembly assembly, string folder)
    {
        const string ApprovedFile = "PublicApi.approved.txt";
        const string ReceivedFile = "PublicApi.received.txt";
        var received = Print(assembly);
        var approvedPath = Path.Join(folder, ApprovedFile);
        var receivedPath = Path.Join(folder, ReceivedFile);
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        Assert.Fail(
            $"The public API of {assembly.GetName().Name} changed. Compare {ReceivedFile} with {ApprovedFile} in the test project folder; "
            + $"if the change is intended, copy {ReceivedFile} over {ApprovedFile} and commit it.\n"
            + FirstDifference(approved, received));
    }

    private static string FirstDifference(string approved, string received)
    {
        var a = approved.Split('\n');
        var r = received.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, r.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < r.Length ? r[i] : "<end of file>";
            if (left != right)
            {
                return $"First difference at line {i + 1}:\n  approved: {left}\n  received: {right}";
            }
        }

        return "";
    }

    public static string Print(IEnumerable<Type> types)
    {
        var text = new StringBuilder();
        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeHeader(type)).Append('\n');
            var members = Members(type).Distinct()
                .OrderBy(m => m.Rank).ThenBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal)
                .Select(m => m.Line);
            foreach (var line in members)
            {
                text.Append("    ").Append(line).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type)
    {
        var kind = type switch
        {
            { IsInterface: true } => "interface",
            { IsEnum: true } => "enum",
            { IsValueType: true } => "struct",
            { IsAbstract: true, IsSealed: true } => "static class",
            { IsSealed: true } => "sealed class",
            { IsAbstract: true } => "abstract class",
            _ => "class",
        };
        var header = $"public {kind} {Name(type.FullName ?? type.Name, type)}";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(TypeName(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(TypeName).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? header : header + " : " + string.Join(", ", bases);
    }

    private static string Name(string name, Type type) =>
        type.IsGenericTypeDefinition ? name[..name.IndexOf('`', StringComparison.Ordinal)] : name;

    private static bool IsVisible(MethodBase? method) => method is not null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

    private static bool IsCompilerGenerated(MemberInfo member) =>
        member.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || member.Name.Contains('<', StringComparison.Ordinal);

    /// <summary>Members as (rank: fields, constructors, properties, events, methods; name; printed line).</summary>
    private static IEnumerable<(int Rank, string Name, string Line)> Members(Type type)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var member in type.GetMembers(Declared).Where(m => !IsCompilerGenerated(m)))
        {
            switch (member)
            {
                case ConstructorInfo ctor when IsVisible(ctor) && !ctor.IsStatic:
                    yield return (1, "", $"{Access(ctor)}{type.Name}({Parameters(ctor, nullability)})");
                    break;
                case MethodInfo method when IsVisible(method) && !IsAccessor(method):
                    yield return (4, method.Name, $"{Access(method)}{Modifiers(method)}{Nullable(method.ReturnType, nullability.Create(method.ReturnParameter))} "
                        + $"{method.Name}{GenericArguments(method)}({Parameters(method, nullability)})");
                    break;
                case PropertyInfo property when IsVisible(property.GetMethod) || IsVisible(property.SetMethod):
                    yield return (2, property.Name, Property(property, nullability));
                    break;
                case FieldInfo field when (field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) && !field.IsSpecialName:
                    yield return (0, field.Name, Field(type, field, nullability));
                    break;
                case EventInfo ev when IsVisible(ev.AddMethod):
                    yield return (3, ev.Name, $"{Access(ev.AddMethod!)}event {TypeName(ev.EventHandlerType!)} {ev.Name}");
                    break;
                default:
                    break;
            }
        }
    }

    private static bool IsAccessor(MethodInfo method) =>
        method.IsSpecialName && (method.Name.StartsWith("get_", StringComparison.Ordinal) || method.Name.StartsWith("set_", StringComparison.Ordinal)
            || method.Name.StartsWith("add_", StringComparison.Ordinal) || method.Name.StartsWith("remove_", StringComparison.Ordinal));

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(MethodBase method) =>
        method.IsStatic ? "static " : method.IsAbstract ? "abstract " : method.IsVirtual && !method.IsFinal ? "virtual " : "";

    private static string GenericArguments(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Property(PropertyInfo property, NullabilityInfoContext nullability)
    {
        var accessor = property.GetMethod ?? property.SetMethod!;
        var indexParameters = property.GetIndexParameters();
        var name = indexParameters.Length == 0
            ? property.Name
            : "this[" + string.Join(", ", indexParameters.Select(p => $"{Nullable(p.ParameterType, nullability.Create(p))} {p.Name}")) + "]";
        var accessors = new List<string>();
        if (IsVisible(property.GetMethod))
        {
            accessors.Add("get;");
        }

        if (IsVisible(property.SetMethod))
        {
            var isInit = property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            accessors.Add(isInit ? "init;" : "set;");
        }

        var required = property.IsDefined(typeof(RequiredMemberAttribute), inherit: false) ? "required " : "";
        return $"{Access(accessor)}{Modifiers(accessor)}{required}{Nullable(property.PropertyType, nullability.Create(property))} {name} {{ {string.Join(" ", accessors)} }}";
    }

    private static string Field(Type type, FieldInfo field, NullabilityInfoContext nullability)
    {
        var fieldType = Nullable(field.FieldType, nullability.Create(field));
        if (type.IsEnum)
        {
            return $"{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}";
        }

        if (field.IsLiteral)
        {
            return $"public const {fieldType} {field.Name} = {Literal(field.GetRawConstantValue())}";
        }

        var modifiers = (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "");
        return $"{(field.IsPublic ? "public " : "protected ")}{modifiers}{fieldType} {field.Name}";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + Escape(s) + "\"",
        char c => "'" + Escape(c.ToString()) + "'",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Escape(string s)
    {
        var builder = new StringBuilder();
        foreach (var c in s)
        {
            builder.Append(c is >= ' ' and < '\u007F' and not '"' and not '\\' and not '\'' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        var type = parameter.ParameterType;
        var prefix = "";
        if (type.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
        }

        if (parameter.IsDefined(typeof(ParamArrayAttribute), inherit: false))
        {
            prefix += "params ";
        }

        var text = $"{prefix}{Nullable(type, nullability.Create(parameter))} {parameter.Name}";
        return parameter.HasDefaultValue ? text + " = " + Literal(parameter.RawDefaultValue) : text;
    }

    private static string Nullable(Type type, NullabilityInfo info)
    {
        if (type.IsByRef)
        {
            return Nullable(type.GetElementType()!, info.ElementType ?? info);
        }

        var name = TypeName(type, info);
        return !type.IsValueType && info.ReadState == NullabilityState.Nullable ? name + "?" : name;
    }

    private static string TypeName(Type type) => TypeName(type, null);

    private static string TypeName(Type type, NullabilityInfo? info)
    {
        if (type.IsArray)
        {
            var element = info?.ElementType is { } e ? Nullable(type.GetElementType()!, e) : TypeName(type.GetElementType()!);
            return element + "[]";
        }

        if (System.Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        var keyword = Keyword(type);
        if (keyword is not null)
        {
            return keyword;
        }

        var name = type.FullName ?? type.Name;
        if (!type.IsGenericType)
        {
            return name.Replace('+', '.');
        }

        var definition = type.GetGenericTypeDefinition().FullName!;
        var arguments = type.GetGenericArguments();
        var argumentNames = arguments.Select((a, i) =>
            info is not null && i < info.GenericTypeArguments.Length ? Nullable(a, info.GenericTypeArguments[i]) : TypeName(a));
        return definition[..definition.IndexOf('`', StringComparison.Ordinal)].Replace('+', '.') + "<" + string.Join(", ", argumentNames) + ">";
    }

    private static string? Keyword(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "bool",
        TypeCode.Char => "char",
        TypeCode.Int32 when !type.IsEnum => "int",
        TypeCode.Int64 when !type.IsEnum => "long",
        TypeCode.String => "string",
        TypeCode.Double => "double",
        _ when type == typeof(object) => "object",
        _ when type == typeof(void) => "void",
        _ => null,
    };
}
