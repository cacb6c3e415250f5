namespace Crashdesk.Analysis.Dwarf;

/// <summary>The abbreviations of one unit (DWARF 5 section 7.5.3), indexed by code.</summary>
internal sealed class AbbreviationTable
{
    private readonly Abbreviation?[] _dense;
    private readonly Dictionary<ulong, Abbreviation> _sparse;
    private readonly int _offset;

    private AbbreviationTable(Abbreviation?[] dense, Dictionary<ulong, Abbreviation> sparse, int offset)
    {
        _dense = dense;
        _sparse = sparse;
        _offset = offset;
    }

    public Abbreviation Get(ulong code, int dieOffset)
    {
        if (code < (ulong)_dense.Length && _dense[code] is { } a)
            return a;
        if (_sparse.TryGetValue(code, out var s))
            return s;
        throw new DumpFormatException($"corrupt DWARF in .debug_info at offset 0x{dieOffset:x}: abbreviation code {code} is not in the table at .debug_abbrev offset 0x{_offset:x}");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static AbbreviationTable Parse(ReadOnlySpan<byte> abbrev, ulong offset, int version, int offsetSize, int addressSize)
    {
        if (offset >= (ulong)abbrev.Length)
            throw new DumpFormatException($"corrupt DWARF in .debug_info: abbreviation offset 0x{offset:x} is outside .debug_abbrev (0x{abbrev.Length:x} bytes)");
        var cursor = new DwarfCursor(abbrev, ".debug_abbrev", (int)offset);
        var list = new List<(ulong Code, Abbreviation A)>();
        var attrs = new List<AttributeSpec>();
        ulong maxCode = 0;
        while (true)
        {
            int at = cursor.Position;
            ulong code = cursor.Uleb();
            if (code == 0)
                break;
            ulong tag = cursor.Uleb();
            byte children = cursor.U8();
            if (tag > ushort.MaxValue || children > 1)
                throw cursor.Error($"abbreviation {code}: tag 0x{tag:x} / children flag {children} out of range", at);
            attrs.Clear();
            int fixedSize = 0, siblingPrefix = -1;
            ushort siblingForm = 0;
            while (true)
            {
                int attrAt = cursor.Position;
                ulong name = cursor.Uleb();
                ulong form = cursor.Uleb();
                if (name == 0 && form == 0)
                    break;
                if (name > ushort.MaxValue || form > ushort.MaxValue)
                    throw cursor.Error($"abbreviation {code}: attribute 0x{name:x} form 0x{form:x} out of range", attrAt);
                long implicitConst = form == DwarfConstants.FormImplicitConst ? cursor.Sleb() : 0;
                attrs.Add(new AttributeSpec((ushort)name, (ushort)form, implicitConst));
                int size = DwarfForms.FixedSize((ushort)form, version, offsetSize, addressSize);
                if (name == DwarfConstants.AtSibling && fixedSize >= 0 && siblingPrefix < 0 && form is DwarfConstants.FormRef1 or DwarfConstants.FormRef2 or DwarfConstants.FormRef4 or DwarfConstants.FormRef8)
                {
                    siblingPrefix = fixedSize;
                    siblingForm = (ushort)form;
                }
                if (size == -2)
                    throw cursor.Error($"abbreviation {code}: unknown attribute form 0x{form:x}", attrAt);
                fixedSize = fixedSize < 0 || size < 0 ? -1 : fixedSize + size;
                if (attrs.Count > 4096)
                    throw cursor.Error($"abbreviation {code}: more than 4096 attributes", at);
            }
            list.Add((code, new Abbreviation((ushort)tag, children == 1, attrs.ToArray(), fixedSize, siblingPrefix, siblingForm)));
            maxCode = Math.Max(maxCode, code);
        }
        int denseSize = (int)Math.Min(maxCode + 1, (ulong)list.Count * 2 + 16);
        var dense = new Abbreviation?[denseSize];
        var sparse = new Dictionary<ulong, Abbreviation>();
        foreach (var (code, a) in list)
        {
            if (code < (ulong)dense.Length)
                dense[code] ??= a;
            else
                sparse.TryAdd(code, a);
        }
        return new AbbreviationTable(dense, sparse, (int)offset);
    }
}
