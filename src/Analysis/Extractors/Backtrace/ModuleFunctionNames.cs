using System.Buffers.Binary;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Extractors.Backtrace;

/// <summary>
/// Function names inside loaded modules from each module's own symbol table in memory
/// (`struct module.kallsyms` → `struct mod_kallsyms { Elf64_Sym *symtab; unsigned num_symtab;
/// char *strtab; char *typetab; }`, kernel/module/kallsyms.c). Only text symbols with a size are
/// kept. Read lazily, once; a module whose table cannot be read simply names nothing.
/// </summary>
public sealed class ModuleFunctionNames
{
    private const int ElfSymSize = 24; // Elf64_Sym: st_name u32, st_info u8, st_other u8, st_shndx u16, st_value u64, st_size u64
    private const int SttFunc = 2;
    private readonly (ulong Start, ulong End, string Name)[] _functions;

    private ModuleFunctionNames((ulong, ulong, string)[] functions) => _functions = functions;

    /// <summary>The function containing <paramref name="address"/>: name and offset.</summary>
    public bool TryResolve(ulong address, out string name, out ulong offset)
    {
        int lo = 0, hi = _functions.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_functions[mid].Start <= address) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found >= 0 && address < _functions[found].End)
        {
            name = _functions[found].Name;
            offset = address - _functions[found].Start;
            return true;
        }
        name = "";
        offset = 0;
        return false;
    }

    /// <summary>Reads every module's function symbols (empty when the layout is unknown).</summary>
    public static ModuleFunctionNames Read(KernelContext context)
    {
        var t = context.Types;
        var list = new List<(ulong, ulong, string)>();
        if (!context.TryGetSymbolAddress("modules", out ulong head)
            || t.OffsetOf("module", "list") is not { } listOff
            || t.OffsetOf("module", "kallsyms") is not { } kallsymsOff
            || t.OffsetOf("mod_kallsyms", "symtab") is not { } symtabOff
            || t.OffsetOf("mod_kallsyms", "num_symtab") is not { } numOff
            || t.OffsetOf("mod_kallsyms", "strtab") is not { } strtabOff)
            return new ModuleFunctionNames([]);
        var memory = context.Target.KernelMemory;
        var limits = context.Target.Limits;
        var seen = new HashSet<ulong>();
        ulong node = memory.ReadU64(head, "modules.next");
        for (int i = 0; node != head; i++)
        {
            if (i >= limits.MaxModules || !seen.Add(node))
                throw new DumpFormatException($"modules list: cycle or more than {limits.MaxModules} entries at node 0x{node:x}");
            ulong module = unchecked(node - (ulong)listOff);
            if (memory.TryReadU64(module + (ulong)kallsymsOff, out ulong ks) && ks != 0
                && memory.TryReadU64(ks + (ulong)symtabOff, out ulong symtab)
                && memory.TryReadU32(ks + (ulong)numOff, out uint num)
                && memory.TryReadU64(ks + (ulong)strtabOff, out ulong strtab)
                && num <= (uint)limits.MaxSymbols)
            {
                var bytes = new byte[checked((int)num * ElfSymSize)];
                if (memory.TryReadExactly(symtab, bytes))
                    for (int s = 0; s < num; s++)
                    {
                        var sym = bytes.AsSpan(s * ElfSymSize, ElfSymSize);
                        uint nameOff = BinaryPrimitives.ReadUInt32LittleEndian(sym);
                        ulong value = BinaryPrimitives.ReadUInt64LittleEndian(sym[8..]);
                        ulong size = BinaryPrimitives.ReadUInt64LittleEndian(sym[16..]);
                        if ((sym[4] & 0xf) != SttFunc || size == 0 || value == 0)
                            continue;
                        if (memory.ReadCString(strtab + nameOff, 128) is { Length: > 0 } name)
                            list.Add((value, value + size, name));
                    }
            }
            node = memory.ReadU64(node, "module.list.next");
        }
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return new ModuleFunctionNames(list.ToArray());
    }
}
