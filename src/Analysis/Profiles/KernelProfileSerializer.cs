using System.Buffers.Binary;
using System.Text;
using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// The profile file format (ours, little-endian): header "CDKPROF\0", u32 version, u32 section
/// count, then per section {u32 id, u64 offset, u64 length, u32 CRC-32C}; sections: 1 strings
/// (NUL-terminated UTF-8, referenced by offset), 2 identity, 3 symbols, 4 types, 5 named types,
/// 6 ORC, 7 symbol address order. Every count, offset and id is checked on load; a bad checksum names its section.
/// </summary>
public static class KernelProfileSerializer
{
    /// <summary>Current format version.</summary>
    public const uint Version = 2;

    internal static ReadOnlySpan<byte> Magic => "CDKPROF\0"u8;

    internal const int SecStrings = 1, SecIdentity = 2, SecSymbols = 3, SecTypes = 4, SecNamed = 5, SecOrc = 6, SecSymbolOrder = 7;

    /// <summary>The conventional file name of a profile: "&lt;build-id&gt;.cdkprof".</summary>
    public static string FileName(string buildId) => buildId.ToLowerInvariant() + ".cdkprof";

    /// <summary>Writes a profile to a file (through a temporary file, then renamed).</summary>
    public static void Write(KernelProfile profile, string path)
    {
        string temp = path + ".tmp" + Environment.ProcessId;
        using (var f = File.Create(temp))
            Write(profile, f);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes a profile to a stream.</summary>
    public static void Write(KernelProfile profile, Stream output)
    {
        var strings = new StringPool();
        var sections = new List<(int Id, byte[] Data)>
        {
            (SecIdentity, Identity(profile.Identity, strings)),
            (SecSymbols, SymbolsSection(profile.Symbols, strings)),
            (SecSymbolOrder, SymbolOrder(profile.Symbols)),
        };
        var (typesData, namedData) = ProfileTypeWriter.Write(profile.NamedTypes, strings);
        sections.Add((SecTypes, typesData));
        sections.Add((SecNamed, namedData));
        if (profile.Orc is { } orc)
            sections.Add((SecOrc, Orc(orc)));
        sections.Insert(0, (SecStrings, strings.ToArray()));

        int headerSize = 16 + sections.Count * 24;
        var header = new byte[headerSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)sections.Count);
        long offset = headerSize;
        for (int i = 0; i < sections.Count; i++)
        {
            var e = header.AsSpan(16 + i * 24);
            BinaryPrimitives.WriteUInt32LittleEndian(e, (uint)sections[i].Id);
            BinaryPrimitives.WriteUInt64LittleEndian(e[4..], (ulong)offset);
            BinaryPrimitives.WriteUInt64LittleEndian(e[12..], (ulong)sections[i].Data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(e[20..], Crc32C.Compute(sections[i].Data));
            offset += sections[i].Data.Length;
        }
        output.Write(header);
        foreach (var (_, data) in sections)
            output.Write(data);
    }

    /// <summary>Reads a profile file; corrupt files throw <see cref="DumpFormatException"/>.</summary>
    public static KernelProfile Read(string path)
    {
        long length = new FileInfo(path).Length;
        if (length > AnalysisLimits.Default.MaxProfileBytes)
            throw new DumpFormatException($"{path}: {length} bytes exceeds the profile size limit {AnalysisLimits.Default.MaxProfileBytes}");
        var data = new byte[length];
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            f.ReadExactly(data);
        return Read(data, path);
    }

    /// <summary>Reads a profile from its bytes; <paramref name="what"/> names it in errors.</summary>
    public static KernelProfile Read(byte[] data, string what) => new ProfileReader(data, what).Read();

    private static byte[] Identity(KernelIdentity identity, StringPool strings)
    {
        var b = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(b, strings.Add(identity.BuildId));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), strings.Add(identity.Release));
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), strings.Add(identity.Banner));
        return b;
    }

    internal const int SymbolRecord = 25;

    private static byte[] SymbolsSection(SymbolTable symbols, StringPool strings)
    {
        var list = symbols.Symbols;
        var b = new byte[4 + list.Count * SymbolRecord];
        BinaryPrimitives.WriteUInt32LittleEndian(b, (uint)list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            var s = list[i];
            var e = b.AsSpan(4 + i * SymbolRecord);
            BinaryPrimitives.WriteUInt32LittleEndian(e, strings.Append(s.Name));
            BinaryPrimitives.WriteUInt64LittleEndian(e[4..], s.Address);
            BinaryPrimitives.WriteUInt64LittleEndian(e[12..], s.Size);
            e[20] = (byte)s.Type;
            BinaryPrimitives.WriteUInt32LittleEndian(e[21..], strings.Add(s.Module));
        }
        return b;
    }

    private static byte[] SymbolOrder(SymbolTable symbols)
    {
        var order = symbols.AddressOrder;
        var b = new byte[4 + order.Count * 4];
        BinaryPrimitives.WriteInt32LittleEndian(b, order.Count);
        for (int i = 0; i < order.Count; i++)
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4 + i * 4), order[i]);
        return b;
    }

    private static byte[] Orc(OrcTables orc)
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write(orc.UnwindIpAddress);
        w.Write(orc.UnwindAddress);
        w.Write(orc.LookupAddress);
        w.Write(orc.UnwindIp.Length);
        w.Write(orc.Unwind.Length);
        w.Write(orc.Lookup.Length);
        w.Write(orc.UnwindIp.Span);
        w.Write(orc.Unwind.Span);
        w.Write(orc.Lookup.Span);
        w.Flush();
        return ms.ToArray();
    }

    /// <summary>Deduplicated NUL-terminated strings; offset 0xffffffff means null.</summary>
    internal sealed class StringPool
    {
        private readonly Dictionary<string, uint> _offsets = new(StringComparer.Ordinal);
        private byte[] _data = new byte[1 << 20];
        private int _length;

        public uint Add(string? s)
        {
            if (s is null)
                return uint.MaxValue;
            if (_offsets.TryGetValue(s, out uint o))
                return o;
            o = Append(s);
            _offsets[s] = o;
            return o;
        }

        /// <summary>
        /// Appends without looking for an equal string: symbol names are nearly all distinct, and
        /// hashing 100 000+ of them cost more than the few duplicate bytes.
        /// </summary>
        public uint Append(string s)
        {
            uint o = (uint)_length;
            int max = Encoding.UTF8.GetMaxByteCount(s.Length) + 1;
            if (_data.Length - _length < max)
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + max));
            _length += Encoding.UTF8.GetBytes(s, _data.AsSpan(_length));
            _data[_length++] = 0;
            return o;
        }

        public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();
    }
}
