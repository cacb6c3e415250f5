using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Crashdesk.Core.Tests.Architecture;

/// <summary>
/// Which namespaces of one assembly use which, read from its metadata (ECMA-335 §II.22) with
/// System.Reflection.Metadata: base types, interfaces, generic constraints, field, method, property
/// and local-variable signatures, custom attributes, and every type, method or field token in the
/// method bodies' IL. Only the assembly's own types count. A nested type counts as its outermost
/// type. Types of <see cref="PerTypeNamespace"/> are nodes of their own (named after the type),
/// because that namespace is both the front door (entry points that use everything) and the shared
/// vocabulary (limits, the corrupt-dump exception) that everything uses — as ClrMD keeps DataTarget
/// and DataTargetLimits at its root; a cycle through it still shows at type level.
/// </summary>
public sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, (string From, string To)>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph(string? perTypeNamespace) => PerTypeNamespace = perTypeNamespace;

    /// <summary>The namespace whose types are nodes of their own, if any.</summary>
    public string? PerTypeNamespace { get; }

    /// <summary>Every node with an edge, in ordinal order.</summary>
    public IReadOnlyList<string> Nodes =>
        _edges.Keys.Concat(_edges.Values.SelectMany(e => e.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The nodes <paramref name="node"/> uses, each with one example (using type, used type).</summary>
    public IReadOnlyDictionary<string, (string From, string To)> EdgesOf(string node) =>
        _edges.TryGetValue(node, out var e) ? e : new Dictionary<string, (string, string)>();

    /// <summary>A graph from explicit edges (node → node with an example pair), for tests of the cycle search.</summary>
    public static NamespaceGraph FromEdges(IEnumerable<(string From, string To)> edges)
    {
        var graph = new NamespaceGraph(null);
        foreach (var (from, to) in edges)
            graph.Add(from, to, from, to);
        return graph;
    }

    /// <summary>Reads the assembly at <paramref name="path"/>; edges whose ends both start with <paramref name="prefix"/>.</summary>
    public static NamespaceGraph Read(string path, string prefix, string? perTypeNamespace = null)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var graph = new NamespaceGraph(perTypeNamespace);
        var provider = new TypeCollector(md);
        foreach (var handle in md.TypeDefinitions)
        {
            var owner = Outermost(md, handle);
            string ownerName = FullName(md, owner);
            string ownerNode = graph.NodeOf(md, owner);
            if (!ownerNode.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var used = new HashSet<TypeDefinitionHandle>();
            new TypeReader(md, pe, provider, used).ReadType(handle);
            foreach (var target in used)
            {
                var outer = Outermost(md, target);
                string node = graph.NodeOf(md, outer);
                if (node != ownerNode && node.StartsWith(prefix, StringComparison.Ordinal))
                    graph.Add(ownerNode, node, ownerName, FullName(md, outer));
            }
        }
        return graph;
    }

    /// <summary>
    /// One cycle per strongly connected component of two or more nodes (Tarjan), each as
    /// "A → B → A" followed by one example type pair per edge; empty when the graph is acyclic.
    /// </summary>
    public IReadOnlyList<string> FindCycles()
    {
        var cycles = new List<string>();
        foreach (var component in StronglyConnectedComponents().Where(c => c.Count > 1))
        {
            var path = ShortestCycle(component);
            var text = new System.Text.StringBuilder(string.Join(" → ", path));
            for (int i = 0; i + 1 < path.Count; i++)
            {
                var (from, to) = _edges[path[i]][path[i + 1]];
                text.Append($"\n    {path[i]} → {path[i + 1]}: {from} uses {to}");
            }
            if (component.Count > path.Count - 1)
                text.Append($"\n    (one strongly connected group: {string.Join(", ", component.Order(StringComparer.Ordinal))})");
            cycles.Add(text.ToString());
        }
        return cycles;
    }

    private void Add(string from, string to, string fromType, string toType)
    {
        if (!_edges.TryGetValue(from, out var targets))
            _edges[from] = targets = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        targets.TryAdd(to, (fromType, toType));
    }

    private string NodeOf(MetadataReader md, TypeDefinitionHandle outermost)
    {
        string ns = md.GetString(md.GetTypeDefinition(outermost).Namespace);
        return ns == PerTypeNamespace ? FullName(md, outermost) : ns;
    }

    private static TypeDefinitionHandle Outermost(MetadataReader md, TypeDefinitionHandle handle)
    {
        while (md.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } outer)
            handle = outer;
        return handle;
    }

    private static string FullName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var t = md.GetTypeDefinition(handle);
        string ns = md.GetString(t.Namespace);
        string name = md.GetString(t.Name);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private List<List<string>> StronglyConnectedComponents()
    {
        // Tarjan's algorithm, iterative over a sorted node list so the report is stable.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var result = new List<List<string>>();
        int next = 0;
        foreach (var root in Nodes)
        {
            if (index.ContainsKey(root))
                continue;
            var work = new Stack<(string Node, IEnumerator<string> Targets)>();
            Visit(root);
            while (work.Count > 0)
            {
                var (node, targets) = work.Peek();
                if (targets.MoveNext())
                {
                    string to = targets.Current;
                    if (!index.ContainsKey(to))
                        Visit(to);
                    else if (onStack.Contains(to))
                        low[node] = Math.Min(low[node], index[to]);
                    continue;
                }
                work.Pop();
                if (work.Count > 0)
                    low[work.Peek().Node] = Math.Min(low[work.Peek().Node], low[node]);
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
                    result.Add(component);
                }
            }

            void Visit(string node)
            {
                index[node] = low[node] = next++;
                stack.Push(node);
                onStack.Add(node);
                work.Push((node, EdgesOf(node).Keys.Order(StringComparer.Ordinal).ToList().GetEnumerator()));
            }
        }
        return result;
    }

    private List<string> ShortestCycle(List<string> component)
    {
        // Breadth-first from the component's first node (ordinal) back to itself, inside the component.
        var members = component.ToHashSet(StringComparer.Ordinal);
        string start = component.Order(StringComparer.Ordinal).First();
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            string node = queue.Dequeue();
            foreach (var to in EdgesOf(node).Keys.Order(StringComparer.Ordinal))
            {
                if (!members.Contains(to))
                    continue;
                if (to == start)
                {
                    var path = new List<string> { start };
                    for (string at = node; at != start; at = parent[at])
                        path.Insert(1, at);
                    path.Add(start);
                    return path;
                }
                if (parent.TryAdd(to, node))
                    queue.Enqueue(to);
            }
        }
        throw new InvalidOperationException("a strongly connected component without a cycle");
    }

    /// <summary>Walks one type definition's metadata and IL, adding every own type it names to a set.</summary>
    private sealed class TypeReader(MetadataReader md, PEReader pe, TypeCollector provider, HashSet<TypeDefinitionHandle> used)
    {
        private static readonly Dictionary<short, OperandType> s_operands = typeof(OpCodes)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null)!)
            .ToDictionary(o => o.Value, o => o.OperandType);

        public void ReadType(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            Token(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
                Token(md.GetInterfaceImplementation(i).Interface);
            GenericParameters(type.GetGenericParameters());
            Attributes(type.GetCustomAttributes());
            foreach (var f in type.GetFields())
            {
                var field = md.GetFieldDefinition(f);
                Add(field.DecodeSignature(provider, null));
                Attributes(field.GetCustomAttributes());
            }
            foreach (var p in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(p);
                Add(property.DecodeSignature(provider, null));
                Attributes(property.GetCustomAttributes());
            }
            foreach (var e in type.GetEvents())
                Token(md.GetEventDefinition(e).Type);
            foreach (var m in type.GetMethods())
                Method(md.GetMethodDefinition(m));
        }

        private void Method(MethodDefinition method)
        {
            Add(method.DecodeSignature(provider, null));
            GenericParameters(method.GetGenericParameters());
            Attributes(method.GetCustomAttributes());
            foreach (var p in method.GetParameters())
                Attributes(md.GetParameter(p).GetCustomAttributes());
            if (method.RelativeVirtualAddress == 0)
                return;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                Add(md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null));
            foreach (var region in body.ExceptionRegions)
                Token(region.CatchType);
            Il(body.GetILReader());
        }

        private void Il(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                short code = il.ReadByte();
                if (code == 0xfe)
                    code = unchecked((short)(0xfe00 | il.ReadByte()));
                if (!s_operands.TryGetValue(code, out var operand))
                    throw new InvalidOperationException($"unknown opcode 0x{code:x} at IL offset {il.Offset - 1} of {il.Length}");
                switch (operand)
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                        Token(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32(); // read first: `Offset += Read…()` would keep the old offset
                        il.Offset += checked(4 * targets);
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var g in parameters)
                foreach (var c in md.GetGenericParameter(g).GetConstraints())
                    Token(md.GetGenericParameterConstraint(c).Type);
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
                Token(md.GetCustomAttribute(a).Constructor);
        }

        private void Token(EntityHandle handle)
        {
            if (handle.IsNil)
                return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    Add(md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null));
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Token(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                        Add(member.DecodeMethodSignature(provider, null));
                    else
                        Add(member.DecodeFieldSignature(provider, null));
                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Token(spec.Method);
                    foreach (var t in spec.DecodeSignature(provider, null))
                        Add(t);
                    break;
                case HandleKind.StandaloneSignature:
                    var sig = md.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (sig.GetKind() == StandaloneSignatureKind.Method)
                        Add(sig.DecodeMethodSignature(provider, null));
                    break;
            }
        }

        private void Add(ImmutableArray<TypeDefinitionHandle> types)
        {
            foreach (var t in types)
                used.Add(t);
        }

        private void Add(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature)
        {
            Add(signature.ReturnType);
            foreach (var p in signature.ParameterTypes)
                Add(p);
        }

        private void Add(ImmutableArray<ImmutableArray<TypeDefinitionHandle>> types)
        {
            foreach (var t in types)
                Add(t);
        }
    }

    /// <summary>Decodes a signature into the own type definitions it mentions (generic arguments included).</summary>
    private sealed class TypeCollector(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> s_none = [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => s_none;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            [.. modifier, .. unmodifiedType];

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => s_none;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => s_none;

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => s_none;
    }
}
