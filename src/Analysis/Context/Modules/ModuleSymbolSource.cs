using System.Buffers.Binary;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Analysis.Context.Modules;

/// <summary>
/// Symbols of loaded modules from each module's own table in memory (<see cref="ModuleKallsyms"/>),
/// with <see cref="KernelSymbol.Module"/> set, so a <see cref="SymbolTable"/> names module
/// addresses like crash (`corpus_write.cold ... [corpus_crash]`). Addresses are run-time (the
/// module loader relocated st_value). A module whose table is unreadable contributes nothing and is
/// listed in <see cref="Problems"/>.
/// </summary>
public sealed class ModuleSymbolSource(IMemoryReader memory, IReadOnlyList<KernelModule> modules, AnalysisLimits limits) : ISymbolSource
{
    private const int ElfSymSize = 24; // Elf64_Sym: st_name u32, st_info u8, st_other u8, st_shndx u16, st_value u64, st_size u64
    private readonly List<string> _problems = [];

    /// <inheritdoc />
    public string Description => $"symbol tables of {modules.Count} loaded modules";

    /// <summary>Modules whose table could not be read, with the reason (after <see cref="ReadSymbols"/>).</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <inheritdoc />
    public IReadOnlyList<KernelSymbol> ReadSymbols()
    {
        var result = new List<KernelSymbol>();
        foreach (var m in modules)
        {
            if (m.Kallsyms is not { } k)
            {
                _problems.Add($"{Diagnostics.DumpText.Escape(m.Name)}: no readable mod_kallsyms");
                continue;
            }
            try
            {
                ReadModule(m, k, result);
            }
            catch (DumpFormatException e)
            {
                _problems.Add($"{Diagnostics.DumpText.Escape(m.Name)}: {e.Message}");
            }
        }
        return result;
    }

    private void ReadModule(KernelModule m, ModuleKallsyms k, List<KernelSymbol> result)
    {
        if (k.Count <= 0 || k.Count > limits.MaxModuleSymbols)
            throw new DumpFormatException($"module {Diagnostics.DumpText.Escape(m.Name)} (0x{m.Address:x}): num_symtab {k.Count} is outside 1..{limits.MaxModuleSymbols}");
        var table = new byte[k.Count * ElfSymSize];
        int got = memory.Read(k.Symtab, table);
        if (got != table.Length)
            throw new DumpFormatException($"module {Diagnostics.DumpText.Escape(m.Name)}: symtab at 0x{k.Symtab:x} has only {got} of {table.Length} bytes in the dump");
        byte[]? types = null;
        if (k.Typetab != 0)
        {
            types = new byte[k.Count];
            if (memory.Read(k.Typetab, types) != types.Length)
                types = null; // fall back to st_info
        }
        for (int i = 1; i < k.Count; i++) // entry 0 is the ELF null symbol
        {
            var e = table.AsSpan(i * ElfSymSize, ElfSymSize);
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(e);
            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(e[6..]);
            ulong value = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
            if (nameOffset == 0 || shndx == 0)
                continue; // unnamed or SHN_UNDEF, as the kernel's own module kallsyms skips them
            string? name = memory.ReadCString(k.Strtab + nameOffset, limits.MaxKallsymsTokenLength);
            if (string.IsNullOrEmpty(name))
                continue;
            char type = types is not null && types[i] is >= (byte)'A' and <= (byte)'z' ? (char)types[i] : Letter(e[4]);
            if (type is 'U' or 'u')
                continue;
            result.Add(new KernelSymbol(name, value, size, type, m.Name));
        }
    }

    // Without a typetab (before 4.11): FUNC is text, anything else data; local bindings lower case.
    private static char Letter(byte info)
    {
        char c = (info & 0xf) == 2 ? 'T' : 'D';
        return (info >> 4) == 0 ? char.ToLowerInvariant(c) : c;
    }
}
