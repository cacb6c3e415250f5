using System.Text;

namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>
/// Names of the top-level types and variables of every unit and the .debug_info offset of their
/// first complete definition. Built in one pass that decodes only top-level DIEs of interesting
/// tags and jumps over everything else (DW_AT_sibling, fixed-size abbreviations); units are
/// indexed in parallel and merged in unit order, so the result does not depend on scheduling.
/// </summary>
public sealed class DwarfNameIndex
{
    private readonly Dictionary<string, int>[] _byKind;

    private DwarfNameIndex(Dictionary<string, int>[] byKind) => _byKind = byKind;

    private const int KindStruct = 0, KindUnion = 1, KindEnum = 2, KindTypedef = 3, KindVariable = 4, KindVariableDecl = 5, KindFunction = 6, KindFunctionDecl = 7, KindCount = 8;

    /// <summary>Variables with a definition (or, failing that, a declaration) by name.</summary>
    public IReadOnlyDictionary<string, int> Variables => _byKind[KindVariable];

    /// <summary>Functions (top-level subprograms) with a definition (or, failing that, a declaration) by name.</summary>
    public IReadOnlyDictionary<string, int> Functions => _byKind[KindFunction];

    /// <summary>Tags of the structs with a complete definition ("task_struct").</summary>
    public IEnumerable<string> StructNames => _byKind[KindStruct].Keys;

    /// <summary>Tags of the unions with a complete definition.</summary>
    public IEnumerable<string> UnionNames => _byKind[KindUnion].Keys;

    /// <summary>Number of indexed struct, union, enum and typedef/base type names.</summary>
    public int TypeCount => _byKind[KindStruct].Count + _byKind[KindUnion].Count + _byKind[KindEnum].Count + _byKind[KindTypedef].Count;

    /// <summary>Finds "struct X", "union X", "enum X" or a typedef/base type name.</summary>
    public bool TryFindTypeOffset(string cName, out int offset)
    {
        if (cName.StartsWith("struct ", StringComparison.Ordinal))
            return _byKind[KindStruct].TryGetValue(cName[7..].Trim(), out offset);
        if (cName.StartsWith("union ", StringComparison.Ordinal))
            return _byKind[KindUnion].TryGetValue(cName[6..].Trim(), out offset);
        if (cName.StartsWith("enum ", StringComparison.Ordinal))
            return _byKind[KindEnum].TryGetValue(cName[5..].Trim(), out offset);
        return _byKind[KindTypedef].TryGetValue(cName, out offset);
    }

    internal static DwarfNameIndex Build(DwarfInfo dwarf)
    {
        int units = dwarf.UnitCount;
        int chunks = Math.Max(1, Math.Min(units, Environment.ProcessorCount * 4));
        var partial = new Dictionary<string, int>[chunks][];

        try
        {
            Parallel.For(0, chunks, chunk =>
        {
            var local = NewTables();
            var names = new Dictionary<ulong, string>();
            int from = (int)((long)units * chunk / chunks), to = (int)((long)units * (chunk + 1) / chunks);
            for (int u = from; u < to; u++)
                IndexUnit(dwarf, dwarf.Unit(u), local, names);
            partial[chunk] = local;
        });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the corruption itself (section and offset), not the parallel wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        var merged = NewTables();
        foreach (var local in partial)
            for (int k = 0; k < KindCount; k++)
                foreach (var (name, offset) in local[k])
                    merged[k].TryAdd(name, offset);
        foreach (var (name, offset) in merged[KindVariableDecl])
            merged[KindVariable].TryAdd(name, offset);
        foreach (var (name, offset) in merged[KindFunctionDecl])
            merged[KindFunction].TryAdd(name, offset);
        return new DwarfNameIndex(merged);
    }

    private static Dictionary<string, int>[] NewTables()
    {
        var t = new Dictionary<string, int>[KindCount];
        for (int i = 0; i < KindCount; i++)
            t[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        return t;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void IndexUnit(DwarfInfo dwarf, DwarfUnit unit, Dictionary<string, int>[] tables, Dictionary<ulong, string> names)
    {
        var sections = dwarf.Sections;
        var c = new DwarfCursor(sections.Info.Span[..unit.End], ".debug_info", unit.FirstDie);
        if (c.AtEnd)
            return;
        int unitDie = c.Position;
        ulong unitCode = c.Uleb();
        if (unitCode == 0)
            return;
        var unitAbbrev = unit.Abbreviations.Get(unitCode, unitDie);
        foreach (var spec in unitAbbrev.Attributes)
            DwarfForms.Skip(ref c, spec.Form, unit);
        if (!unitAbbrev.HasChildren)
            return;
        while (!c.AtEnd)
        {
            int at = c.Position;
            ulong code = c.Uleb();
            if (code == 0)
                return;
            var a = unit.Abbreviations.Get(code, at);
            int kind = a.Tag switch
            {
                TagStructureType => KindStruct,
                TagUnionType => KindUnion,
                TagEnumerationType => KindEnum,
                TagTypedef or TagBaseType => KindTypedef,
                TagVariable => KindVariable,
                TagSubprogram => KindFunction,
                _ => -1,
            };
            if (kind < 0)
            {
                if (!a.HasChildren && a.FixedSize >= 0)
                    c.Skip((ulong)a.FixedSize);
                else
                {
                    c.Position = at;
                    DwarfValues.SkipDie(ref c, unit);
                }
                continue;
            }
            string? name = null;
            bool declaration = false;
            foreach (var spec in a.Attributes)
            {
                if (spec.Name == AtName)
                    name = Name(sections, DwarfValues.Read(ref c, spec, unit), unit, names);
                else if (spec.Name == AtDeclaration)
                {
                    var v = DwarfValues.Read(ref c, spec, unit);
                    declaration = v.Form == FormFlagPresent || v.Unsigned != 0;
                }
                else
                    DwarfForms.Skip(ref c, spec.Form, unit);
            }
            if (a.HasChildren)
            {
                c.Position = at;
                DwarfValues.SkipDie(ref c, unit);
            }
            if (name is null)
                continue;
            if (declaration)
            {
                if (kind is KindVariable or KindFunction)
                    tables[kind == KindVariable ? KindVariableDecl : KindFunctionDecl].TryAdd(name, at);
                continue;
            }
            tables[kind].TryAdd(name, at);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static string Name(DwarfSections sections, AttributeValue v, DwarfUnit unit, Dictionary<ulong, string> cache)
    {
        ulong key;
        switch (v.Form)
        {
            case FormString:
                return Encoding.UTF8.GetString(sections.Info.Span.Slice(v.Start, v.Length));
            case FormStrp:
                key = v.Unsigned;
                break;
            case FormStrx or FormStrx1 or FormStrx2 or FormStrx3 or FormStrx4:
                key = DwarfValues.StrOffset(sections, v.Unsigned, unit);
                break;
            case FormLineStrp:
                key = v.Unsigned | 1UL << 62;
                break;
            default:
                return DwarfValues.String(sections, v, unit);
        }
        if (cache.TryGetValue(key, out var s))
            return s;
        s = DwarfValues.String(sections, v, unit);
        cache[key] = s;
        return s;
    }
}
