using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Evalstore.Server.Tests.Architecture;

/// <summary>
/// Which namespace uses which, read from compiled assemblies' metadata (no loading, so no dependency has to resolve):
/// base types, interfaces, generic constraints, fields, properties, events, method signatures, attributes, locals and
/// every type, method and field token in method bodies. A nested type (a closure, an async state machine) counts as
/// its outermost type, so what a lambda uses is charged to the namespace that wrote it.
/// </summary>
public sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>Namespaces that use other namespaces, with every "type uses type" behind each use.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SortedSet<string>>> Edges => _edges;

    /// <summary>Adds every use between namespaces starting with <paramref name="prefix"/> found in the assembly file.</summary>
    public void Add(string assemblyPath, string prefix)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var provider = new TypeNames(reader);
        foreach (var handle in reader.TypeDefinitions)
        {
            var owner = Outermost(reader, handle);
            var from = Namespace(reader, owner);
            if (!from.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var fromName = FullName(reader, owner);
            foreach (var used in Uses(reader, pe, provider, handle))
            {
                if (used.Namespace != from && used.Namespace.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var targets = _edges.TryGetValue(from, out var t) ? t : _edges[from] = new(StringComparer.Ordinal);
                    var uses = targets.TryGetValue(used.Namespace, out var u) ? u : targets[used.Namespace] = new(StringComparer.Ordinal);
                    uses.Add($"{fromName} uses {used.Name}");
                }
            }
        }
    }

    /// <summary>Every cycle's strongly connected set of namespaces, as one readable path through it per set.</summary>
    public IReadOnlyList<string> Cycles()
    {
        var cycles = new List<string>();
        foreach (var component in StronglyConnected().Where(c => c.Count > 1))
        {
            var start = component.Order(StringComparer.Ordinal).First();
            cycles.Add(Describe(ShortestCycle(start, component.ToHashSet(StringComparer.Ordinal))));
        }
        return cycles;
    }

    private string Describe(List<string> path)
    {
        var parts = new List<string> { path[0] };
        for (var i = 1; i < path.Count; i++)
        {
            var uses = _edges[path[i - 1]][path[i]];
            parts.Add($"({uses.Min}{(uses.Count > 1 ? $" and {uses.Count - 1} more" : "")}) → {path[i]}");
        }
        return string.Join(" ", parts);
    }

    private List<string> ShortestCycle(string start, HashSet<string> within)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in Next(node).Where(within.Contains).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    var path = new List<string> { start, node };
                    while (path[^1] != start)
                    {
                        path.Add(previous[path[^1]]);
                    }
                    path.Reverse();
                    return path;
                }
                if (previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }
        throw new InvalidOperationException($"{start} is in a cycle but no path returns to it.");
    }

    private IEnumerable<string> Next(string node) => _edges.TryGetValue(node, out var targets) ? targets.Keys : [];

    // Tarjan's algorithm, iterative enough for a graph of a few dozen namespaces.
    private List<List<string>> StronglyConnected()
    {
        var nodes = _edges.Keys.Concat(_edges.Values.SelectMany(t => t.Keys)).Distinct(StringComparer.Ordinal).Order(
            StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var components = new List<List<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Next(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }
            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                components.Add(component);
            }
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }
        return components;
    }

    private static IEnumerable<UsedType> Uses(MetadataReader reader, PEReader pe, TypeNames provider, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var uses = new List<UsedType>();
        void Entity(EntityHandle entity)
        {
            if (!entity.IsNil)
            {
                uses.AddRange(provider.Of(entity));
            }
        }
        Entity(type.BaseType);
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            Entity(reader.GetInterfaceImplementation(implementation).Interface);
        }
        foreach (var parameter in type.GetGenericParameters())
        {
            foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
            {
                Entity(reader.GetGenericParameterConstraint(constraint).Type);
            }
        }
        Attributes(reader, provider, type.GetCustomAttributes(), uses);
        foreach (var field in type.GetFields().Select(reader.GetFieldDefinition))
        {
            uses.AddRange(field.DecodeSignature(provider, null));
            Attributes(reader, provider, field.GetCustomAttributes(), uses);
        }
        foreach (var property in type.GetProperties().Select(reader.GetPropertyDefinition))
        {
            var signature = property.DecodeSignature(provider, null);
            uses.AddRange(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
            Attributes(reader, provider, property.GetCustomAttributes(), uses);
        }
        foreach (var method in type.GetMethods().Select(reader.GetMethodDefinition))
        {
            var signature = method.DecodeSignature(provider, null);
            uses.AddRange(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
            Attributes(reader, provider, method.GetCustomAttributes(), uses);
            if (method.RelativeVirtualAddress != 0)
            {
                Body(reader, pe.GetMethodBody(method.RelativeVirtualAddress), provider, uses);
            }
        }
        return uses;
    }

    private static void Attributes(
        MetadataReader reader, TypeNames provider, CustomAttributeHandleCollection attributes, List<UsedType> uses)
    {
        foreach (var attribute in attributes.Select(reader.GetCustomAttribute))
        {
            uses.AddRange(provider.Of(attribute.Constructor));
        }
    }

    private static void Body(MetadataReader reader, MethodBodyBlock body, TypeNames provider, List<UsedType> uses)
    {
        if (!body.LocalSignature.IsNil)
        {
            var locals = reader.GetStandaloneSignature(body.LocalSignature);
            uses.AddRange(locals.DecodeLocalSignature(provider, null).SelectMany(l => l));
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int value = il.ReadByte();
            if (value == 0xFE)
            {
                value = 0xFE00 | il.ReadByte();
            }
            var operand = s_operands[value];
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    uses.AddRange(provider.Of(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    var targets = il.ReadInt32(); // read before Offset is: `Offset += 4 * ReadInt32()` reads Offset first
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(operand);
                    break;
            }
        }
    }

    private static readonly Dictionary<int, OperandType> s_operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (int)(ushort)o.Value, o => o.OperandType);

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } declaring)
        {
            handle = declaring;
        }
        return handle;
    }

    private static string Namespace(MetadataReader reader, TypeDefinitionHandle handle) =>
        reader.GetString(reader.GetTypeDefinition(handle).Namespace);

    private static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
    }

    /// <summary>A type a namespace uses, by namespace and full name.</summary>
    public readonly record struct UsedType(string Namespace, string Name);

    /// <summary>Decodes signatures and tokens into the (outermost) types they name.</summary>
    private sealed class TypeNames(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<UsedType>, object?>
    {
        public IEnumerable<UsedType> Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.MethodDefinition => Of(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()),
            HandleKind.FieldDefinition => Of(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()),
            HandleKind.MemberReference => Of(reader.GetMemberReference((MemberReferenceHandle)handle).Parent),
            HandleKind.MethodSpecification => MethodSpecification((MethodSpecificationHandle)handle),
            _ => [],
        };

        private IEnumerable<UsedType> MethodSpecification(MethodSpecificationHandle handle)
        {
            var specification = reader.GetMethodSpecification(handle);
            return Of(specification.Method).Concat(specification.DecodeSignature(this, null).SelectMany(a => a));
        }

        public ImmutableArray<UsedType> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var outer = Outermost(metadata, handle);
            return [new UsedType(Namespace(metadata, outer), FullName(metadata, outer))];
        }

        public ImmutableArray<UsedType> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                type = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            }
            var ns = metadata.GetString(type.Namespace);
            return [new UsedType(ns, $"{ns}.{metadata.GetString(type.Name)}")];
        }

        public ImmutableArray<UsedType> GetTypeFromSpecification(
            MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle,
            byte rawTypeKind) => metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<UsedType> GetGenericInstantiation(
            ImmutableArray<UsedType> genericType, ImmutableArray<ImmutableArray<UsedType>> arguments) =>
            [.. genericType, .. arguments.SelectMany(a => a)];

        public ImmutableArray<UsedType> GetArrayType(ImmutableArray<UsedType> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<UsedType> GetSZArrayType(ImmutableArray<UsedType> elementType) => elementType;
        public ImmutableArray<UsedType> GetByReferenceType(ImmutableArray<UsedType> elementType) => elementType;
        public ImmutableArray<UsedType> GetPointerType(ImmutableArray<UsedType> elementType) => elementType;
        public ImmutableArray<UsedType> GetPinnedType(ImmutableArray<UsedType> elementType) => elementType;
        public ImmutableArray<UsedType> GetModifiedType(
            ImmutableArray<UsedType> modifier, ImmutableArray<UsedType> unmodifiedType, bool isRequired) =>
            unmodifiedType;
        public ImmutableArray<UsedType> GetFunctionPointerType(MethodSignature<ImmutableArray<UsedType>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];
        public ImmutableArray<UsedType> GetGenericMethodParameter(object? genericContext, int index) => [];
        public ImmutableArray<UsedType> GetGenericTypeParameter(object? genericContext, int index) => [];
        public ImmutableArray<UsedType> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
    }
}
