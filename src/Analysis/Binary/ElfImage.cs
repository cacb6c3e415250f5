using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;

namespace Crashdesk.Analysis.Binary;

/// <summary>
/// A little-endian ELF64 file (a vmlinux or a module) read through a read-only memory mapping:
/// section headers, section contents (SHF_COMPRESSED zlib/zstd sections decompressed once on first
/// use), and reads by kernel virtual address. Thread-safe; the whole file is never copied.
/// Layouts: elf(5) — `Elf64_Ehdr`, `Elf64_Shdr`, `Elf64_Chdr`.
/// </summary>
public sealed unsafe class ElfImage : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _base;
    private readonly long _length;
    private readonly ElfSection[] _sections;
    private readonly Dictionary<string, ElfSection> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Lazy<ReadOnlyMemory<byte>>> _contents = new();
    private bool _disposed;

    private ElfImage(string path, MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        Path = path;
        _file = file;
        _view = view;
        _length = length;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _base = p + view.PointerOffset;
        _sections = ParseSections();
        foreach (var s in _sections)
            _byName.TryAdd(s.Name, s);
    }

    /// <summary>The file this image maps.</summary>
    public string Path { get; }

    /// <summary>Every section header in table order.</summary>
    public IReadOnlyList<ElfSection> Sections => _sections;

    /// <summary>`e_type`: <see cref="ElfFileType.Executable"/> for a vmlinux, <see cref="ElfFileType.Relocatable"/> for a module.</summary>
    public ushort FileType { get; private set; }

    /// <summary>Opens and maps <paramref name="path"/>; throws <see cref="DumpFormatException"/> if it is not ELF64.</summary>
    public static ElfImage Open(string path)
    {
        long length = new FileInfo(path).Length;
        if (length < 64)
            throw new DumpFormatException($"{path}: {length} bytes is too short for an ELF64 header");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            try
            {
                return new ElfImage(path, file, view, length);
            }
            catch
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
                throw;
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the file starts with the ELF magic.</summary>
    public static bool IsElf(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';

    /// <summary>Finds a section by name (the first one of that name).</summary>
    public bool TryGetSection(string name, out ElfSection section) => _byName.TryGetValue(name, out section!);

    /// <summary>Raw file bytes [offset, offset+length), bounds-checked against the file.</summary>
    public ReadOnlySpan<byte> FileBytes(ulong offset, ulong length, string what)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (offset > (ulong)_length || length > (ulong)_length - offset)
            throw new DumpFormatException($"{Path}: {what} at file offset 0x{offset:x}, size 0x{length:x}, runs past the end of the file (0x{_length:x})");
        if (length > int.MaxValue)
            throw new NotSupportedException($"{Path}: {what} of 0x{length:x} bytes is larger than 2 GiB");
        return new ReadOnlySpan<byte>(_base + offset, (int)length);
    }

    /// <summary>
    /// The contents of a section: a view of the mapping, or for SHF_COMPRESSED sections the
    /// decompressed bytes (computed once). NOBITS sections yield an empty buffer.
    /// </summary>
    public ReadOnlyMemory<byte> GetContents(ElfSection section)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _contents.GetOrAdd(section.Index, _ => new Lazy<ReadOnlyMemory<byte>>(() => LoadContents(section))).Value;
    }

    /// <summary>Contents of the named section, or empty if there is no such section.</summary>
    public ReadOnlyMemory<byte> GetContents(string name) => TryGetSection(name, out var s) ? GetContents(s) : ReadOnlyMemory<byte>.Empty;

    /// <summary>
    /// Reads bytes at a link-time virtual address from the allocated section that holds them;
    /// returns the number of bytes read (0 if no section with file bytes covers the address).
    /// </summary>
    public int ReadVirtual(ulong address, Span<byte> destination)
    {
        foreach (var s in _sections)
        {
            if (s.Address == 0 || s.Type == ElfSection.TypeNoBits || s.IsCompressed || address < s.Address || address - s.Address >= s.Size)
                continue;
            ulong within = address - s.Address;
            int n = (int)Math.Min((ulong)destination.Length, s.Size - within);
            FileBytes(s.FileOffset + within, (ulong)n, $"section {s.Name}").CopyTo(destination);
            return n;
        }
        return 0;
    }

    private ReadOnlyMemory<byte> LoadContents(ElfSection section)
    {
        if (section.Type == ElfSection.TypeNoBits)
            return ReadOnlyMemory<byte>.Empty;
        var raw = FileBytes(section.FileOffset, section.Size, $"section {section.Name}");
        if (section.IsCompressed)
            return CompressedSection.Decompress(raw, $"{Path}: section {section.Name} (file offset 0x{section.FileOffset:x})");
        var manager = new UnmanagedMemoryManager(_base + section.FileOffset, raw.Length);
        return manager.Memory;
    }

    private ElfSection[] ParseSections()
    {
        var h = FileBytes(0, 64, "ELF header");
        if (!IsElf(h))
            throw new DumpFormatException($"{Path}: not an ELF file (magic {Convert.ToHexString(h[..4])} at offset 0)");
        if (h[4] != 2)
            throw new NotSupportedException($"{Path}: ELF class {h[4]} at offset 4 (only ELF64 is supported)");
        if (h[5] != 1)
            throw new NotSupportedException($"{Path}: ELF data encoding {h[5]} at offset 5 (only little-endian is supported)");
        FileType = BinaryPrimitives.ReadUInt16LittleEndian(h[16..]);
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(h[40..]);
        ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(h[58..]);
        uint shnum = BinaryPrimitives.ReadUInt16LittleEndian(h[60..]);
        uint shstrndx = BinaryPrimitives.ReadUInt16LittleEndian(h[62..]);
        if (shoff == 0)
            return [];
        if (shentsize < 64)
            throw new DumpFormatException($"{Path}: e_shentsize {shentsize} at offset 58 is smaller than Elf64_Shdr (64)");
        // Extended numbering (elf(5)): shnum 0 / shstrndx SHN_XINDEX live in section 0's header.
        var first = FileBytes(shoff, 64, "section header 0");
        if (shnum == 0)
            shnum = (uint)BinaryPrimitives.ReadUInt64LittleEndian(first[32..]);
        if (shstrndx == 0xffff)
            shstrndx = BinaryPrimitives.ReadUInt32LittleEndian(first[40..]);
        if (shnum > AnalysisLimits.Default.MaxElfSections)
            throw new DumpFormatException($"{Path}: section count {shnum} exceeds the limit {AnalysisLimits.Default.MaxElfSections}");
        if (shstrndx >= shnum)
            throw new DumpFormatException($"{Path}: e_shstrndx {shstrndx} is not below the section count {shnum}");
        var table = FileBytes(shoff, checked((ulong)shentsize * shnum), "section header table");
        var raw = new (uint Name, uint Type, ulong Flags, ulong Addr, ulong Offset, ulong Size, uint Link, ulong EntSize)[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var e = table.Slice(i * shentsize, 64);
            raw[i] = (BinaryPrimitives.ReadUInt32LittleEndian(e), BinaryPrimitives.ReadUInt32LittleEndian(e[4..]),
                BinaryPrimitives.ReadUInt64LittleEndian(e[8..]), BinaryPrimitives.ReadUInt64LittleEndian(e[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(e[24..]), BinaryPrimitives.ReadUInt64LittleEndian(e[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(e[40..]), BinaryPrimitives.ReadUInt64LittleEndian(e[56..]));
        }
        var names = FileBytes(raw[shstrndx].Offset, raw[shstrndx].Size, "section name table (.shstrtab)");
        var sections = new ElfSection[shnum];
        for (int i = 0; i < shnum; i++)
        {
            var r = raw[i];
            string name = r.Name < names.Length ? StringTable.Read(names, r.Name) : throw new DumpFormatException($"{Path}: section {i} name offset 0x{r.Name:x} is outside .shstrtab (0x{names.Length:x} bytes)");
            sections[i] = new ElfSection(i, name, r.Type, r.Flags, r.Addr, r.Offset, r.Size, r.Link, r.EntSize);
            if (r.Type != ElfSection.TypeNoBits && r.Type != 0 && (r.Offset > (ulong)_length || r.Size > (ulong)_length - r.Offset))
                throw new DumpFormatException($"{Path}: section {name} (header {i}) at file offset 0x{r.Offset:x}, size 0x{r.Size:x}, runs past the end of the file (0x{_length:x})");
        }
        return sections;
    }

    /// <summary>Unmaps the file; section memory handed out earlier must no longer be used.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
