using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Profiles;

/// <summary>Parses and validates a profile file (format: <see cref="KernelProfileSerializer"/>).</summary>
internal sealed class ProfileReader(byte[] data, string what)
{
    private readonly Dictionary<int, (int Offset, int Length)> _sections = [];
    private ReadOnlyMemory<byte> _strings;
    private readonly Dictionary<uint, string> _stringCache = [];

    public KernelProfile Read()
    {
        ReadHeader();
        _strings = Section(KernelProfileSerializer.SecStrings, required: true);
        var identitySpan = Section(KernelProfileSerializer.SecIdentity, required: true).Span;
        if (identitySpan.Length < 12)
            throw Corrupt("identity section is shorter than 12 bytes");
        var identity = new KernelIdentity(Str(BinaryPrimitives.ReadUInt32LittleEndian(identitySpan)),
            Str(BinaryPrimitives.ReadUInt32LittleEndian(identitySpan[4..])), Str(BinaryPrimitives.ReadUInt32LittleEndian(identitySpan[8..])));
        var all = Symbols(Section(KernelProfileSerializer.SecSymbols, required: true).Span);
        var symbols = SymbolTable.CreateWithOrder(all, Order(Section(KernelProfileSerializer.SecSymbolOrder, required: true).Span, all.Length));
        var types = Types(Section(KernelProfileSerializer.SecTypes, required: true).Span);
        var named = Named(Section(KernelProfileSerializer.SecNamed, required: true).Span, types);
        var orcData = Section(KernelProfileSerializer.SecOrc, required: false);
        return new KernelProfile(identity, symbols, named, orcData.IsEmpty ? null : Orc(orcData));
    }

    private DumpFormatException Corrupt(string message) => new($"kernel profile {what}: {message}");

    private void ReadHeader()
    {
        if (data.Length < 16 || !data.AsSpan(0, 8).SequenceEqual(KernelProfileSerializer.Magic))
            throw Corrupt("not a kernel profile (magic \"CDKPROF\\0\" missing at offset 0)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        if (version != KernelProfileSerializer.Version)
            throw new NotSupportedException($"kernel profile {what}: format version {version} (this build reads {KernelProfileSerializer.Version}); rebuild it with `crashdesk profile build`");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        if (count > 64 || 16 + count * 24 > data.Length)
            throw Corrupt($"section count {count} at offset 12 does not fit the file");
        for (int i = 0; i < count; i++)
        {
            var e = data.AsSpan(16 + i * 24, 24);
            int id = (int)BinaryPrimitives.ReadUInt32LittleEndian(e);
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(e[4..]);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(e[12..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(e[20..]);
            if (offset > (ulong)data.Length || length > (ulong)data.Length - offset)
                throw Corrupt($"section {id} at offset 0x{offset:x}, length 0x{length:x}, runs past the end of the file (0x{data.Length:x})");
            uint actual = Crc32C.Compute(data.AsSpan((int)offset, (int)length));
            if (actual != crc)
                throw Corrupt($"section {id} at offset 0x{offset:x}: checksum 0x{actual:x8} does not match the recorded 0x{crc:x8}");
            _sections[id] = ((int)offset, (int)length);
        }
    }

    private ReadOnlyMemory<byte> Section(int id, bool required)
    {
        if (_sections.TryGetValue(id, out var s))
            return data.AsMemory(s.Offset, s.Length);
        return required ? throw Corrupt($"section {id} is missing") : ReadOnlyMemory<byte>.Empty;
    }

    private string? StrUncached(uint offset)
    {
        if (offset == uint.MaxValue)
            return null;
        var table = _strings.Span;
        if (offset >= table.Length)
            throw Corrupt($"string offset 0x{offset:x} is outside the string section (0x{table.Length:x})");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? throw Corrupt($"string at 0x{offset:x} is not terminated") : Encoding.UTF8.GetString(rest[..end]);
    }

    private string? Str(uint offset)
    {
        if (offset == uint.MaxValue)
            return null;
        if (_stringCache.TryGetValue(offset, out var cached))
            return cached;
        var table = _strings.Span;
        if (offset >= table.Length)
            throw Corrupt($"string offset 0x{offset:x} is outside the string section (0x{table.Length:x})");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw Corrupt($"string at 0x{offset:x} is not terminated");
        string s = Encoding.UTF8.GetString(rest[..end]);
        _stringCache[offset] = s;
        return s;
    }

    private KernelSymbol[] Symbols(ReadOnlySpan<byte> s)
    {
        const int record = KernelProfileSerializer.SymbolRecord;
        if (s.Length < 4)
            throw Corrupt("symbol section is shorter than its count");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(s);
        if (count > AnalysisLimits.Default.MaxSymbols || 4 + (long)count * record != s.Length)
            throw Corrupt($"symbol count {count} does not match the symbol section length 0x{s.Length:x}");
        var result = new KernelSymbol[count];
        for (int i = 0; i < count; i++)
        {
            var e = s.Slice(4 + i * record, record);
            string name = StrUncached(BinaryPrimitives.ReadUInt32LittleEndian(e)) ?? throw Corrupt($"symbol {i} has no name");
            result[i] = new KernelSymbol(name, BinaryPrimitives.ReadUInt64LittleEndian(e[4..]), BinaryPrimitives.ReadUInt64LittleEndian(e[12..]),
                (char)e[20], Str(BinaryPrimitives.ReadUInt32LittleEndian(e[21..])));
        }
        return result;
    }

    private KernelType[] Types(ReadOnlySpan<byte> s)
    {
        var r = new SpanReader(s, this);
        int count = r.Count(AnalysisLimits.Default.MaxTypeMembers * 10);
        var types = new KernelType[count];
        for (int i = 0; i < count; i++)
        {
            var kind = (KernelTypeKind)r.U8();
            if (kind > KernelTypeKind.Function)
                throw Corrupt($"type {i} has kind {(int)kind}");
            string? name = Str(r.U32());
            long size = r.I64();
            byte flags = r.U8();
            byte encoding = r.U8();
            int target = r.Id(count);
            var members = new (string? Name, int Type, long Bits, int BitSize)[r.Count(AnalysisLimits.Default.MaxTypeMembers)];
            for (int m = 0; m < members.Length; m++)
                members[m] = (Str(r.U32()), r.Id(count, allowNone: false), r.I64(), r.I32());
            var enumerators = new KernelEnumerator[r.Count(AnalysisLimits.Default.MaxTypeMembers)];
            for (int e = 0; e < enumerators.Length; e++)
                enumerators[e] = new KernelEnumerator(Str(r.U32()) ?? "", r.I64());
            var dims = new long?[r.Count(64)];
            for (int d = 0; d < dims.Length; d++)
                dims[d] = r.I64() is var v && v >= 0 ? v : null;
            var parameters = new int[r.Count(4096)];
            for (int p = 0; p < parameters.Length; p++)
                parameters[p] = r.Id(count, allowNone: false);
            types[i] = new KernelType(kind, name, size,
                target: target < 0 ? null : () => types[target],
                members: members.Length == 0 ? null : () => members.Select(m => new KernelMember(m.Name, types[m.Type], m.Bits, m.BitSize)).ToArray(),
                enumerators: enumerators, dimensions: dims,
                parameters: parameters.Length == 0 ? null : () => parameters.Select(p => types[p]).ToArray(),
                isPrototyped: (flags & ProfileTypeWriter.FlagPrototyped) != 0, isVariadic: (flags & ProfileTypeWriter.FlagVariadic) != 0,
                isDeclaration: (flags & ProfileTypeWriter.FlagDeclaration) != 0, encoding: encoding);
        }
        if (!r.AtEnd)
            throw Corrupt("type section has trailing bytes");
        return types;
    }

    private int[] Order(ReadOnlySpan<byte> s, int symbols)
    {
        int count = s.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(s) : -1;
        if (count < 0 || count > symbols || 4L + count * 4L != s.Length)
            throw Corrupt($"symbol order count {count} does not match its section (0x{s.Length:x} bytes, {symbols} symbols)");
        var order = new int[count];
        for (int i = 0; i < count; i++)
            order[i] = BinaryPrimitives.ReadInt32LittleEndian(s[(4 + i * 4)..]);
        return order;
    }

    private Dictionary<string, KernelType> Named(ReadOnlySpan<byte> s, KernelType[] types)
    {
        var r = new SpanReader(s, this);
        int count = r.Count(100_000);
        var result = new Dictionary<string, KernelType>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string name = Str(r.U32()) ?? throw Corrupt($"named type {i} has no name");
            result[name] = types[r.Id(types.Length, allowNone: false)];
        }
        return result;
    }

    private OrcTables Orc(ReadOnlyMemory<byte> m)
    {
        var s = m.Span;
        if (s.Length < 36)
            throw Corrupt("ORC section is shorter than its header");
        ulong ipAddr = BinaryPrimitives.ReadUInt64LittleEndian(s), unwindAddr = BinaryPrimitives.ReadUInt64LittleEndian(s[8..]), lookupAddr = BinaryPrimitives.ReadUInt64LittleEndian(s[16..]);
        int ipLen = BinaryPrimitives.ReadInt32LittleEndian(s[24..]), unwindLen = BinaryPrimitives.ReadInt32LittleEndian(s[28..]), lookupLen = BinaryPrimitives.ReadInt32LittleEndian(s[32..]);
        if (ipLen < 0 || unwindLen < 0 || lookupLen < 0 || 36L + ipLen + unwindLen + lookupLen != s.Length || ipLen % 4 != 0 || unwindLen != ipLen / 4 * 6)
            throw Corrupt($"ORC table lengths {ipLen}/{unwindLen}/{lookupLen} do not match the section (0x{s.Length:x})");
        return new OrcTables(ipAddr, m.Slice(36, ipLen), unwindAddr, m.Slice(36 + ipLen, unwindLen), lookupAddr, m.Slice(36 + ipLen + unwindLen, lookupLen));
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data, ProfileReader owner)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly bool AtEnd => _pos == _data.Length;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n > _data.Length - _pos)
                throw owner.Corrupt($"type data ends early at offset 0x{_pos:x}");
            var s = _data.Slice(_pos, n);
            _pos += n;
            return s;
        }

        public byte U8() => Take(1)[0];
        public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
        public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public int Count(int max)
        {
            int c = I32();
            return c < 0 || c > max ? throw owner.Corrupt($"count {c} at offset 0x{_pos - 4:x} is outside 0..{max}") : c;
        }

        public int Id(int count, bool allowNone = true)
        {
            int id = I32();
            if ((id == -1 && allowNone) || (id >= 0 && id < count))
                return id;
            throw owner.Corrupt($"type id {id} at offset 0x{_pos - 4:x} is outside 0..{count - 1}");
        }
    }
}
