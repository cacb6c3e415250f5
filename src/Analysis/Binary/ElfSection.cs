namespace Crashdesk.Analysis.Binary;

/// <summary>One ELF64 section header (elf(5), `Elf64_Shdr`).</summary>
/// <param name="Index">Index in the section header table.</param>
/// <param name="Name">Name from `.shstrtab`.</param>
/// <param name="Type">`sh_type` (1 PROGBITS, 2 SYMTAB, 3 STRTAB, 7 NOTE, 8 NOBITS, ...).</param>
/// <param name="Flags">`sh_flags` (0x800 = SHF_COMPRESSED).</param>
/// <param name="Address">`sh_addr`: where the section lives in the kernel's address space.</param>
/// <param name="FileOffset">`sh_offset`.</param>
/// <param name="Size">`sh_size` in the file (compressed size for SHF_COMPRESSED).</param>
/// <param name="Link">`sh_link` (a symbol table's string table).</param>
/// <param name="EntrySize">`sh_entsize`.</param>
public sealed record ElfSection(int Index, string Name, uint Type, ulong Flags, ulong Address, ulong FileOffset, ulong Size, uint Link, ulong EntrySize)
{
    /// <summary>`SHT_NOBITS`: occupies no file bytes (.bss, .orc_lookup).</summary>
    public const uint TypeNoBits = 8;

    /// <summary>`SHT_SYMTAB`.</summary>
    public const uint TypeSymtab = 2;

    /// <summary>`SHT_NOTE`.</summary>
    public const uint TypeNote = 7;

    /// <summary>`SHF_COMPRESSED` (elf(5); binutils `--compress-debug-sections`).</summary>
    public const ulong FlagCompressed = 0x800;

    /// <summary>True when the section's bytes start with an `Elf64_Chdr` and are zlib/zstd compressed.</summary>
    public bool IsCompressed => (Flags & FlagCompressed) != 0;
}
