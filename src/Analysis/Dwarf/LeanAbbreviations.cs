namespace Crashdesk.Analysis.Dwarf;

/// <summary>
/// One unit's abbreviation table decoded into reusable flat arrays (no per-abbreviation objects),
/// for <see cref="DwarfTypeScanner"/>, which reads the table of every unit once. Attribute value
/// sizes are resolved for the unit's version, offset and address sizes at parse time, so skipping
/// a DIE is a sum of known sizes. Codes above <see cref="MaxDenseCode"/> are not
/// handled: reported as unsupported (compilers number abbreviations 1, 2, 3…; GCC's kernel units use a few hundred).
/// </summary>
internal sealed class LeanAbbreviations
{
    /// <summary>Highest abbreviation code accepted.</summary>
    public const int MaxDenseCode = 1 << 16;

    /// <summary>One abbreviation: tag, children flag, attribute range, and skip shortcuts.</summary>
    public struct Entry
    {
        public ushort Tag;
        public bool HasChildren;
        public bool Defined;
        /// <summary>Total byte size of the attribute values when all are fixed, else -1.</summary>
        public int FixedSize;
        /// <summary>Byte offset of a fixed-size DW_AT_sibling reference after fixed-size attributes, else -1.</summary>
        public int SiblingPrefix;
        public byte SiblingSize;
        public int FirstAttribute;
        public int AttributeCount;
    }

    /// <summary>One attribute: name, form, fixed value size (-1 variable) and the implicit constant.</summary>
    public struct Attribute
    {
        public ushort Name;
        public ushort Form;
        public int Size;
        public long ImplicitConst;
    }

    private Entry[] _entries = new Entry[512];
    private Attribute[] _attributes = new Attribute[4096];
    private int _maxCode;

    /// <summary>The .debug_abbrev offset and unit shape this table was parsed for (reused when the next unit matches).</summary>
    public (ulong Offset, int Version, int OffsetSize, int AddressSize) Key { get; private set; } = (ulong.MaxValue, 0, 0, 0);

    public ReadOnlySpan<Attribute> Attributes(in Entry e) => _attributes.AsSpan(e.FirstAttribute, e.AttributeCount);

    /// <summary>The abbreviation numbered <paramref name="code"/>; corrupt DWARF if it is not defined.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ref readonly Entry Get(ulong code, int dieOffset)
    {
        if (code <= (ulong)_maxCode)
        {
            ref readonly var e = ref _entries[(int)code];
            if (e.Defined)
                return ref e;
        }
        throw new DumpFormatException($"corrupt DWARF in .debug_info at offset 0x{dieOffset:x}: abbreviation code {code} is not in the table at .debug_abbrev offset 0x{Key.Offset:x}");
    }

    /// <summary>Parses the table at <paramref name="offset"/> (DWARF 5 section 7.5.3), replacing the previous one.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Parse(ReadOnlySpan<byte> abbrev, ulong offset, int version, int offsetSize, int addressSize)
    {
        if (Key == (offset, version, offsetSize, addressSize))
            return;
        Key = (ulong.MaxValue, 0, 0, 0);
        if (offset >= (ulong)abbrev.Length)
            throw new DumpFormatException($"corrupt DWARF in .debug_info: abbreviation offset 0x{offset:x} is outside .debug_abbrev (0x{abbrev.Length:x} bytes)");
        Array.Clear(_entries, 0, Math.Min(_entries.Length, _maxCode + 1));
        _maxCode = 0;
        int attributeCount = 0;
        var c = new DwarfCursor(abbrev, ".debug_abbrev", (int)offset);
        while (true)
        {
            int at = c.Position;
            ulong code = c.Uleb();
            if (code == 0)
                break;
            ulong tag = c.Uleb();
            byte children = c.U8();
            if (tag > ushort.MaxValue || children > 1)
                throw c.Error($"abbreviation {code}: tag 0x{tag:x} / children flag {children} out of range", at);
            if (code > MaxDenseCode)
                throw new NotSupportedException($"abbreviation code {code} at .debug_abbrev offset 0x{at:x} is above {MaxDenseCode} (the full name index handles sparse codes)");
            int first = attributeCount, fixedSize = 0, siblingPrefix = -1;
            byte siblingSize = 0;
            while (true)
            {
                int attrAt = c.Position;
                ulong name = c.Uleb();
                ulong form = c.Uleb();
                if (name == 0 && form == 0)
                    break;
                if (name > ushort.MaxValue || form > ushort.MaxValue)
                    throw c.Error($"abbreviation {code}: attribute 0x{name:x} form 0x{form:x} out of range", attrAt);
                long implicitConst = form == DwarfConstants.FormImplicitConst ? c.Sleb() : 0;
                int size = DwarfForms.FixedSize((ushort)form, version, offsetSize, addressSize);
                if (size == -2)
                    throw c.Error($"abbreviation {code}: unknown attribute form 0x{form:x}", attrAt);
                if (name == DwarfConstants.AtSibling && fixedSize >= 0 && siblingPrefix < 0 && form is DwarfConstants.FormRef1 or DwarfConstants.FormRef2 or DwarfConstants.FormRef4 or DwarfConstants.FormRef8)
                {
                    siblingPrefix = fixedSize;
                    siblingSize = (byte)size;
                }
                fixedSize = fixedSize < 0 || size < 0 ? -1 : fixedSize + size;
                if (attributeCount - first >= 4096)
                    throw c.Error($"abbreviation {code}: more than 4096 attributes", at);
                if (attributeCount == _attributes.Length)
                    Array.Resize(ref _attributes, _attributes.Length * 2);
                _attributes[attributeCount++] = new Attribute { Name = (ushort)name, Form = (ushort)form, Size = size, ImplicitConst = implicitConst };
            }
            if ((int)code >= _entries.Length)
                Array.Resize(ref _entries, Math.Max(_entries.Length * 2, (int)code + 1));
            ref var e = ref _entries[(int)code];
            if (!e.Defined) // the first definition of a duplicated code wins, as in AbbreviationTable
            {
                e = new Entry
                {
                    Tag = (ushort)tag, HasChildren = children == 1, Defined = true, FixedSize = fixedSize,
                    SiblingPrefix = siblingPrefix, SiblingSize = siblingSize, FirstAttribute = first, AttributeCount = attributeCount - first,
                };
            }
            _maxCode = Math.Max(_maxCode, (int)code);
        }
        Key = (offset, version, offsetSize, addressSize);
    }
}
