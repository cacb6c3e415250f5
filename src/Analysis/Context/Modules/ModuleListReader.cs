using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Context.Modules;

/// <summary>
/// Walks the kernel's `modules` list (kernel/module/main.c: `LIST_HEAD(modules)`, each
/// `struct module` linked through `list`), bounded and cycle-checked. The result is sorted by base
/// address, as crash's `mod` sorts it (symbols.c `compare_mods`).
/// </summary>
public static class ModuleListReader
{
    private const int MaxInitTypes = 4; // enum mod_mem_type: MOD_INIT_TEXT = 4 ends the core ones (6.4+)

    /// <summary>
    /// Every module on the list whose head (the `modules` symbol) is at <paramref name="head"/>, with
    /// <paramref name="types"/> giving `struct module`. It takes the pieces rather than a kernel
    /// context because the context is built from its result (module symbols join the symbol table).
    /// Unknown layouts are a <see cref="NotSupportedException"/>, a broken list a <see cref="DumpFormatException"/>.
    /// </summary>
    public static IReadOnlyList<KernelModule> Read(IMemoryReader memory, ulong head, TypeLayout types, AnalysisLimits limits) =>
        Walk(memory, head, ModuleLayout.From(types), StateNames(types), limits);

    /// <summary>The list walk itself, over any memory (tests patch a real dump's memory to corrupt it).</summary>
    internal static IReadOnlyList<KernelModule> Walk(IMemoryReader memory, ulong head, ModuleLayout layout, IReadOnlyDictionary<long, string> states, AnalysisLimits limits)
    {
        var result = new List<KernelModule>();
        var seen = new HashSet<ulong>();
        ulong node = memory.ReadU64(head, "modules.next");
        while (node != head)
        {
            if (result.Count >= limits.MaxModules)
                throw new DumpFormatException($"modules list at 0x{head:x}: more than {limits.MaxModules} entries");
            if (!seen.Add(node))
                throw new DumpFormatException($"modules list at 0x{head:x}: cycle at node 0x{node:x} after {result.Count} modules");
            ulong module = unchecked(node - (ulong)layout.List);
            result.Add(ReadModule(memory, module, layout, states));
            node = memory.ReadU64(node, $"module 0x{module:x} list.next");
        }
        result.Sort((a, b) => a.Base.CompareTo(b.Base));
        return result;
    }

    private static KernelModule ReadModule(IMemoryReader memory, ulong module, ModuleLayout layout, IReadOnlyDictionary<long, string> states)
    {
        string name = memory.ReadCString(module + (ulong)layout.Name, layout.NameLength)
            ?? throw new DumpFormatException($"module 0x{module:x}: name at 0x{module + (ulong)layout.Name:x} is not in the dump");
        ulong baseAddress, size, textSize = 0;
        if (layout.MemoryStride is { } stride)
        {
            // 6.4+: base of mem[MOD_TEXT], size = sum of the core (non-init) regions, as crash does.
            baseAddress = memory.ReadU64(module + (ulong)layout.Base, $"module {name} mem[0].base");
            size = 0;
            for (int t = 0; t < Math.Min(layout.MemoryTypes, MaxInitTypes); t++)
            {
                uint part = memory.ReadU32(module + (ulong)(layout.Size + t * stride), $"module {name} mem[{t}].size");
                size += part;
                if (t == 0)
                    textSize = part;
            }
        }
        else
        {
            baseAddress = memory.ReadU64(module + (ulong)layout.Base, $"module {name} core base");
            size = memory.ReadU32(module + (ulong)layout.Size, $"module {name} core size");
            if (layout.TextSize is { } ts)
                textSize = memory.ReadU32(module + (ulong)ts, $"module {name} core text size");
        }
        string state = layout.State is { } so && memory.TryReadU32(module + (ulong)so, out uint s)
            ? states.TryGetValue(s, out var n) ? n : s.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "unknown";
        string taints = layout.Taints is { } to && memory.TryReadU64(module + (ulong)to, out ulong bits) ? ModuleTaints.Letters(bits) : "";
        return new KernelModule(module, name, baseAddress, size, textSize, state, taints, ReadKallsyms(memory, module, layout))
        {
            Version = ReadVersion(memory, module, layout),
        };
    }

    private const int MaxVersionLength = 64; // modinfo version strings are short ("1", "2.6.1-k"); a longer read is garbage

    private static string? ReadVersion(IMemoryReader memory, ulong module, ModuleLayout layout)
    {
        if (layout.Version is not { } offset || !memory.TryReadU64(module + (ulong)offset, out ulong pointer) || pointer == 0)
            return null;
        string? version = memory.ReadCString(pointer, MaxVersionLength);
        return string.IsNullOrEmpty(version) || version.Any(char.IsControl) ? null : version;
    }

    private static ModuleKallsyms? ReadKallsyms(IMemoryReader memory, ulong module, ModuleLayout layout)
    {
        if (layout.Symtab is not { } symtabOff || layout.NumSymtab is not { } numOff || layout.Strtab is not { } strtabOff)
            return null;
        ulong table = module;
        if (layout.KallsymsPointer is { } pointer)
        {
            // `kallsyms` points at core_kallsyms once the module is live (do_init_module), at the
            // full init-time table while it loads.
            if (!memory.TryReadU64(module + (ulong)pointer, out table) || table == 0)
                return null;
        }
        if (!memory.TryReadU64(table + (ulong)symtabOff, out ulong symtab) || !memory.TryReadU32(table + (ulong)numOff, out uint count)
            || !memory.TryReadU64(table + (ulong)strtabOff, out ulong strtab))
            return null;
        ulong typetab = layout.Typetab is { } typeOff && memory.TryReadU64(table + (ulong)typeOff, out ulong tt) ? tt : 0;
        return new ModuleKallsyms(symtab, (int)Math.Min(count, int.MaxValue), strtab, typetab);
    }

    internal static IReadOnlyDictionary<long, string> StateNames(TypeLayout types)
    {
        // enum module_state (include/linux/module.h): names from the kernel's own enum when known.
        var names = new Dictionary<long, string>
        {
            [0] = "MODULE_STATE_LIVE", [1] = "MODULE_STATE_COMING", [2] = "MODULE_STATE_GOING", [3] = "MODULE_STATE_UNFORMED",
        };
        if (types.Source.TryFindType("enum module_state", out var e))
            foreach (var c in e.Enumerators)
                names[c.Value] = c.Name;
        return names;
    }
}
