using System.Reflection;
using System.Text;

namespace Evalstore.Client.Tests;

/// <summary>Writes an assembly's public surface as sorted text lines: every public type and its public or protected members.</summary>
public static class PublicApi
{
    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.AppendLine(TypeLine(type));
            foreach (var member in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("    ").AppendLine(member);
            }
        }
        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string TypeLine(Type type)
    {
        var kind = type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct"
            : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class"
                : "class";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && !type.IsValueType && !type.IsEnum)
        {
            bases.Add(Name(baseType));
        }
        bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags =
            BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(flags))
        {
            var line = member switch
            {
                ConstructorInfo c when Visible(c) => $"{Access(c)}ctor({Parameters(c)})",
                MethodInfo m when Visible(m) && !m.IsSpecialName && !m.Name.StartsWith('<') =>
                    $"{Access(m)}{(m.IsStatic ? "static " : "")}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
                MethodInfo m when Visible(m) && m.Name.StartsWith("op_", StringComparison.Ordinal)
                    => $"{Access(m)}operator {m.Name}({Parameters(m)})",
                PropertyInfo p when Accessors(p).Any() => $"{Name(p.PropertyType)} {p.Name} {{ {string.Join(' ', Accessors(p))} }}",
                FieldInfo f when (f.IsPublic || f.IsFamily) && !f.IsSpecialName
                    => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
                EventInfo e when e.AddMethod is { } add && Visible(add) => $"event {Name(e.EventHandlerType!)} {e.Name}",
                _ => null,
            };
            if (line is not null)
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<string> Accessors(PropertyInfo property)
    {
        if (property.GetMethod is { } get && Visible(get))
        {
            yield return Access(get) + "get;";
        }
        if (property.SetMethod is { } set && Visible(set))
        {
            var init = set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
            yield return Access(set) + (init ? "init;" : "set;");
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "" : "protected ";

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{(p.IsOut ? "out " + Name(p.ParameterType.GetElementType()!) : Name(p.ParameterType))} {p.Name}"
            + (p.HasDefaultValue ? " = " + Default(p) : "")));

    private static string Default(ParameterInfo parameter) =>
        parameter.DefaultValue?.ToString()
            ?? (parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null ? "default" : "null");

    private static readonly Dictionary<Type, string> s_keywords = new()
    {
        [typeof(string)] = "string", [typeof(bool)] = "bool", [typeof(int)] = "int", [typeof(long)] = "long", [typeof(double)] = "double",
        [typeof(object)] = "object", [typeof(void)] = "void", [typeof(byte)] = "byte",
    };

    private static readonly HashSet<string?> s_shortNamespaces =
        ["System", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks"];

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }
        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }
        if (s_keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }
        if (!type.IsGenericType)
        {
            return type.IsGenericParameter ? type.Name : s_shortNamespaces.Contains(type.Namespace) ? type.Name : type.FullName
                ?? type.Name;
        }
        var name = type.GetGenericTypeDefinition().FullName ?? type.Name;
        name = name[..name.IndexOf('`', StringComparison.Ordinal)];
        if (s_shortNamespaces.Contains(type.Namespace))
        {
            name = name[(name.LastIndexOf('.') + 1)..];
        }
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
