using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// Serialises the type graph of a profile. Root types and everything they embed by value are
/// written "deep" (with members); types reached only through pointers or function signatures are
/// written "shallow" (kind, name, size), which keeps the profile small and still prints every
/// member declaration.
/// </summary>
internal static class ProfileTypeWriter
{
    internal const byte FlagDeclaration = 1, FlagPrototyped = 2, FlagVariadic = 4, FlagDeep = 8;

    public static (byte[] Types, byte[] Named) Write(IReadOnlyDictionary<string, KernelType> roots, KernelProfileSerializer.StringPool strings)
    {
        var ids = new Dictionary<KernelType, int>(ReferenceEqualityComparer.Instance);
        var deep = new HashSet<KernelType>(ReferenceEqualityComparer.Instance);
        var order = new List<KernelType>();
        foreach (var t in roots.Values)
            Visit(t, true, ids, deep, order, 0);

        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write(order.Count);
        foreach (var t in order)
        {
            bool isDeep = deep.Contains(t);
            w.Write((byte)t.Kind);
            w.Write(strings.Add(t.Name));
            w.Write(t.Size);
            w.Write((byte)((t.IsDeclaration ? FlagDeclaration : 0) | (t.IsPrototyped ? FlagPrototyped : 0) | (t.IsVariadic ? FlagVariadic : 0) | (isDeep ? FlagDeep : 0)));
            w.Write(t.Encoding);
            w.Write(t.Target is { } target ? ids[target] : -1);
            var members = isDeep ? t.Members : [];
            w.Write(members.Count);
            foreach (var m in members)
            {
                w.Write(strings.Add(m.Name));
                w.Write(ids[m.Type]);
                w.Write(m.BitOffset);
                w.Write(m.BitSize);
            }
            w.Write(t.Enumerators.Count);
            foreach (var e in t.Enumerators)
            {
                w.Write(strings.Add(e.Name));
                w.Write(e.Value);
            }
            w.Write(t.Dimensions.Count);
            foreach (var d in t.Dimensions)
                w.Write(d ?? -1L);
            var parameters = t.Kind == KernelTypeKind.Function ? t.Parameters : [];
            w.Write(parameters.Count);
            foreach (var p in parameters)
                w.Write(ids[p]);
        }
        w.Flush();

        var named = new MemoryStream();
        var nw = new BinaryWriter(named);
        nw.Write(roots.Count);
        foreach (var (name, t) in roots)
        {
            nw.Write(strings.Add(name));
            nw.Write(ids[t]);
        }
        nw.Flush();
        return (ms.ToArray(), named.ToArray());
    }

    private static void Visit(KernelType t, bool byValue, Dictionary<KernelType, int> ids, HashSet<KernelType> deep, List<KernelType> order, int depth)
    {
        if (depth > 4 * AnalysisLimits.Default.MaxTypeChain)
            throw new DumpFormatException($"type graph of {t} nests deeper than {4 * AnalysisLimits.Default.MaxTypeChain} by value");
        bool known = ids.ContainsKey(t);
        if (!known)
        {
            ids[t] = order.Count;
            order.Add(t);
        }
        else if (!byValue || deep.Contains(t))
            return;
        if (byValue)
            deep.Add(t);
        switch (t.Kind)
        {
            case KernelTypeKind.Struct or KernelTypeKind.Union:
                if (byValue)
                    foreach (var m in t.Members)
                        Visit(m.Type, true, ids, deep, order, depth + 1);
                break;
            case KernelTypeKind.Pointer:
                if (t.Target is { } pointee)
                    Visit(pointee, false, ids, deep, order, depth + 1);
                break;
            case KernelTypeKind.Function:
                if (t.Target is { } ret)
                    Visit(ret, false, ids, deep, order, depth + 1);
                foreach (var p in t.Parameters)
                    Visit(p, false, ids, deep, order, depth + 1);
                break;
            default:
                if (t.Target is { } target)
                    Visit(target, byValue, ids, deep, order, depth + 1);
                break;
        }
    }
}
