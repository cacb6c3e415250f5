using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Symbols;

/// <summary>
/// Symbols from an ELF `.symtab` (`Elf64_Sym`: st_name, st_info, st_other, st_shndx, st_value,
/// st_size; elf(5)), typed like nm(1) from the symbol's binding and its section's flags.
/// Section and file symbols and undefined ones are skipped, as kallsyms does.
/// </summary>
public sealed class ElfSymbolSource(ElfImage image) : ISymbolSource
{
    private const ulong ShfWrite = 1, ShfExecInstr = 4;
    private const ushort ShnUndef = 0, ShnAbs = 0xfff1;

    /// <inheritdoc />
    public string Description => $"vmlinux .symtab {image.Path}";

    /// <inheritdoc />
    public IReadOnlyList<KernelSymbol> ReadSymbols()
    {
        if (!image.TryGetSection(".symtab", out var symtab))
            return [];
        if (symtab.Link >= image.Sections.Count)
            throw new DumpFormatException($"{image.Path}: .symtab sh_link {symtab.Link} names no section");
        var strtab = image.GetContents(image.Sections[(int)symtab.Link]).Span;
        var data = image.GetContents(symtab).Span;
        const int entry = 24;
        int count = data.Length / entry;
        if (count > AnalysisLimits.Default.MaxSymbols)
            throw new DumpFormatException($"{image.Path}: .symtab holds {count} symbols, more than the limit {AnalysisLimits.Default.MaxSymbols}");
        var sections = image.Sections;
        var result = new List<KernelSymbol>(count);
        for (int i = 1; i < count; i++)
        {
            var e = data.Slice(i * entry, entry);
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(e);
            byte info = e[4];
            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
            int type = info & 0xf, bind = info >> 4;
            if (type is 3 or 4 || shndx == ShnUndef || nameOffset == 0)
                continue; // STT_SECTION, STT_FILE, undefined
            if (nameOffset >= strtab.Length)
                throw new DumpFormatException($"{image.Path}: .symtab entry {i} (offset 0x{i * entry:x}) st_name 0x{nameOffset:x} is outside .strtab (0x{strtab.Length:x})");
            char letter = Letter(shndx, bind, sections);
            result.Add(new KernelSymbol(StringTable.Read(strtab, nameOffset), value, size, letter));
        }
        return result;
    }

    private static char Letter(ushort shndx, int bind, IReadOnlyList<ElfSection> sections)
    {
        char c;
        if (shndx == ShnAbs)
            c = 'A';
        else if (shndx >= sections.Count)
            c = 'D'; // SHN_COMMON and other reserved indices: data
        else
        {
            var s = sections[shndx];
            c = (s.Flags & ShfExecInstr) != 0 ? 'T' : s.Type == ElfSection.TypeNoBits ? 'B' : (s.Flags & ShfWrite) != 0 ? 'D' : 'R';
        }
        if (bind == 2) // STB_WEAK
            return c == 'T' ? 'W' : 'V';
        return bind == 0 ? char.ToLowerInvariant(c) : c;
    }
}
