using System.Collections.Concurrent;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>
/// DWARF 2–5 type information of one binary: the unit list (found by hopping unit lengths), a name
/// index built once on first use (<see cref="DwarfNameIndex"/>: one pass over the top-level DIEs of
/// every unit), and types built on demand from their DIEs and cached. Thread-safe.
/// Indexing strategy after drgn's `libdrgn/dwarf_info.c` (index names only, parse types lazily).
/// </summary>
public sealed class DwarfInfo : IKernelTypeSource
{
    private readonly int[] _unitOffsets;
    private readonly Lazy<DwarfUnit>[] _units;
    private readonly ConcurrentDictionary<(ulong, int, int, int), AbbreviationTable> _abbrevs = new();
    private readonly Lazy<DwarfNameIndex> _index;
    private readonly DwarfTypeReader _types;

    /// <summary>Reads the unit list of <paramref name="sections"/>; corrupt unit headers throw <see cref="DumpFormatException"/>.</summary>
    public DwarfInfo(DwarfSections sections)
    {
        Sections = sections;
        _unitOffsets = FindUnits(sections.Info.Span);
        _units = new Lazy<DwarfUnit>[_unitOffsets.Length];
        for (int i = 0; i < _units.Length; i++)
        {
            int offset = _unitOffsets[i];
            _units[i] = new Lazy<DwarfUnit>(() => ReadUnit(offset), LazyThreadSafetyMode.ExecutionAndPublication);
        }
        _index = new Lazy<DwarfNameIndex>(() => DwarfNameIndex.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
        _types = new DwarfTypeReader(this);
    }

    /// <summary>The sections read.</summary>
    public DwarfSections Sections { get; }

    /// <summary>Number of units in .debug_info.</summary>
    public int UnitCount => _unitOffsets.Length;

    /// <summary>The name index (built on first access).</summary>
    public DwarfNameIndex Index => _index.Value;

    internal DwarfUnit Unit(int index) => _units[index].Value;

    /// <summary>.debug_info offsets of the unit headers, ascending.</summary>
    internal int[] UnitOffsets => _unitOffsets;

    /// <summary>
    /// The types named by <paramref name="cNames"/> that the binary defines, each the same type
    /// <see cref="TryFindType"/> returns, found without building the full name index (see
    /// <see cref="DwarfTypeScanner"/>) unless it is already built.
    /// </summary>
    public Dictionary<string, KernelType> FindTypes(IEnumerable<string> cNames)
    {
        var names = cNames as IReadOnlyCollection<string> ?? cNames.ToArray();
        if (_index.IsValueCreated)
            return FindTypesByIndex(names);
        Dictionary<string, int> offsets;
        try
        {
            offsets = DwarfTypeScanner.FindFirstDefinitions(this, names);
        }
        catch (NotSupportedException)
        {
            // Sparse abbreviation codes and other rarities: the full index reads everything it supports.
            return FindTypesByIndex(names);
        }
        var result = new Dictionary<string, KernelType>(StringComparer.Ordinal);
        foreach (string name in names)
            if (offsets.TryGetValue(name, out int offset))
                result[name] = GetType(offset);
        return result;
    }

    private Dictionary<string, KernelType> FindTypesByIndex(IReadOnlyCollection<string> names)
    {
        var result = new Dictionary<string, KernelType>(StringComparer.Ordinal);
        foreach (string name in names)
            if (TryFindType(name, out var t))
                result[name] = t;
        return result;
    }

    /// <inheritdoc />
    public bool TryFindType(string name, out KernelType type)
    {
        type = null!;
        if (!Index.TryFindTypeOffset(name, out int offset))
            return false;
        type = GetType(offset);
        return true;
    }

    /// <summary>The declared type of a global variable (`init_task` → struct task_struct).</summary>
    public bool TryFindVariableType(string name, out KernelType type)
    {
        type = null!;
        if (!Index.Variables.TryGetValue(name, out int offset))
            return false;
        var die = ReadDie(offset);
        type = die.TryGet(AtType, out var t) ? GetType(Reference(t, die.Unit)) : KernelType.Void;
        return true;
    }

    /// <summary>
    /// The type of a function (`schedule` → void (void)): its subprogram's return type and parameters, from
    /// the first unit that defines it (a declaration when no unit does: a function called but defined elsewhere).
    /// </summary>
    public bool TryFindFunctionType(string name, out KernelType type)
    {
        type = null!;
        if (!Index.Functions.TryGetValue(name, out int offset))
            return false;
        type = GetType(offset);
        return true;
    }

    /// <summary>The type described by the DIE at a .debug_info offset (cached).</summary>
    public KernelType GetType(int dieOffset) => _types.Get(dieOffset);

    internal DwarfUnit UnitAt(int dieOffset)
    {
        int i = Array.BinarySearch(_unitOffsets, dieOffset);
        if (i < 0)
            i = ~i - 1;
        if (i < 0)
            throw new DumpFormatException($"corrupt DWARF in .debug_info: DIE offset 0x{dieOffset:x} is before the first unit");
        var unit = _units[i].Value;
        if (dieOffset < unit.FirstDie || dieOffset >= unit.End)
            throw new DumpFormatException($"corrupt DWARF in .debug_info: DIE offset 0x{dieOffset:x} is outside the DIEs of the unit at 0x{unit.Offset:x}");
        return unit;
    }

    /// <summary>Decodes the DIE at <paramref name="offset"/> with all attribute values.</summary>
    internal DwarfDie ReadDie(int offset)
    {
        var unit = UnitAt(offset);
        var c = new DwarfCursor(Sections.Info.Span, ".debug_info", offset);
        ulong code = c.Uleb();
        if (code == 0)
            throw c.Error("expected a DIE, found a null entry", offset);
        var abbrev = unit.Abbreviations.Get(code, offset);
        var values = new AttributeValue[abbrev.Attributes.Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = DwarfValues.Read(ref c, abbrev.Attributes[i], unit);
        if (c.Position > unit.End)
            throw c.Error($"DIE runs past the end of its unit (0x{unit.End:x})", offset);
        return new DwarfDie { Offset = offset, Tag = abbrev.Tag, HasChildren = abbrev.HasChildren, ChildrenStart = c.Position, Unit = unit, Attributes = values };
    }

    /// <summary>Offsets of the direct children of a DIE (bounded by the unit).</summary>
    internal List<int> Children(DwarfDie die)
    {
        var result = new List<int>();
        if (!die.HasChildren)
            return result;
        var unit = die.Unit;
        var c = new DwarfCursor(Sections.Info.Span[..unit.End], ".debug_info", die.ChildrenStart);
        while (!c.AtEnd)
        {
            int at = c.Position;
            ulong code = c.Uleb();
            if (code == 0)
                return result;
            c.Position = at;
            result.Add(at);
            if (result.Count > AnalysisLimits.Default.MaxTypeMembers)
                throw c.Error($"more than {AnalysisLimits.Default.MaxTypeMembers} children", die.Offset);
            DwarfValues.SkipDie(ref c, unit);
        }
        throw c.Error("children are not terminated by a null entry before the end of the unit", die.Offset);
    }

    /// <summary>Resolves a reference attribute to an absolute .debug_info offset.</summary>
    internal int Reference(AttributeValue v, DwarfUnit unit)
    {
        ulong target = v.Form switch
        {
            FormRef1 or FormRef2 or FormRef4 or FormRef8 or FormRefUdata => (ulong)unit.Offset + v.Unsigned,
            FormRefAddr => v.Unsigned,
            FormRefSig8 => throw new NotSupportedException($"DW_FORM_ref_sig8 (type units) in the unit at .debug_info offset 0x{unit.Offset:x}"),
            FormGnuRefAlt or FormRefSup4 or FormRefSup8 => throw new NotSupportedException($"reference into a supplementary (dwz) file in the unit at .debug_info offset 0x{unit.Offset:x}"),
            _ => throw new DumpFormatException($"corrupt DWARF in .debug_info: attribute 0x{v.Name:x} of the unit at 0x{unit.Offset:x} has form 0x{v.Form:x}, not a reference"),
        };
        if (target >= (ulong)Sections.Info.Length)
            throw new DumpFormatException($"corrupt DWARF in .debug_info: reference 0x{target:x} (unit at 0x{unit.Offset:x}) is outside the section (0x{Sections.Info.Length:x})");
        return (int)target;
    }

    /// <summary>Resolves a string attribute (string, strp, line_strp, strx*).</summary>
    internal string String(AttributeValue v, DwarfUnit unit) => DwarfValues.String(Sections, v, unit);

    private DwarfUnit ReadUnit(int offset)
    {
        var unit = DwarfUnit.Read(Sections.Info.Span, offset, (abbrevOffset, version, offsetSize, addressSize) =>
            _abbrevs.GetOrAdd((abbrevOffset, version, offsetSize, addressSize), k => AbbreviationTable.Parse(Sections.Abbrev.Span, k.Item1, k.Item2, k.Item3, k.Item4)));
        // The unit DIE carries DW_AT_str_offsets_base, needed before any strx form is read.
        var c = new DwarfCursor(Sections.Info.Span, ".debug_info", unit.FirstDie);
        if (unit.FirstDie < unit.End && c.Uleb() is var code and not 0)
        {
            var abbrev = unit.Abbreviations.Get(code, unit.FirstDie);
            foreach (var spec in abbrev.Attributes)
            {
                var v = DwarfValues.Read(ref c, spec, unit);
                if (v.Name == AtStrOffsetsBase)
                    unit.StrOffsetsBase = v.Unsigned;
                else if (v.Name == AtLanguage)
                    unit.Language = (int)v.Unsigned;
            }
        }
        return unit;
    }

    private static int[] FindUnits(ReadOnlySpan<byte> info)
    {
        var offsets = new List<int>();
        var c = new DwarfCursor(info, ".debug_info");
        while (!c.AtEnd)
        {
            int at = c.Position;
            ulong length = c.U32();
            if (length == 0xffffffff)
                length = c.U64();
            else if (length >= 0xfffffff0)
                throw c.Error($"reserved unit length 0x{length:x}", at);
            if (length > (ulong)(info.Length - c.Position))
                throw c.Error($"unit length 0x{length:x} runs past the end of the section (0x{info.Length:x})", at);
            offsets.Add(at);
            c.Position += (int)length;
        }
        return offsets.ToArray();
    }
}
