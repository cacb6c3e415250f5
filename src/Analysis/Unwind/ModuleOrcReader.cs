using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// Reads the ORC tables of loaded modules from `struct module` (x86 `struct mod_arch_specific`:
/// `num_orcs`, `orc_unwind_ip`, `orc_unwind`, filled by arch/x86/kernel/unwind_orc.c
/// unwind_module_init, which also sorts them). The module's text range is `core_layout.base` /
/// `core_layout.text_size` on 6.1 (kernel/module/main.c; `mem[MOD_TEXT]` from 6.4 is not handled).
/// Layouts come from the context's types (DWARF, profile or BTF).
/// </summary>
public static class ModuleOrcReader
{
    /// <summary>One table per module that has ORC data; empty when the layout or list is unknown.</summary>
    public static IReadOnlyList<OrcTable> Read(KernelContext context, CancellationToken cancellationToken = default)
    {
        var t = context.Types;
        if (!context.TryGetSymbolAddress("modules", out ulong head)
            || t.OffsetOf("module", "list") is not { } listOff
            || t.OffsetOf("module", "name") is not { } nameOff
            || t.OffsetOf("module", "arch.num_orcs") is not { } numOff
            || t.OffsetOf("module", "arch.orc_unwind_ip") is not { } ipOff
            || t.OffsetOf("module", "arch.orc_unwind") is not { } unwindOff
            || t.OffsetOf("module", "core_layout.base") is not { } baseOff
            || t.OffsetOf("module", "core_layout.text_size") is not { } textSizeOff)
            return [];
        var memory = context.Target.KernelMemory;
        var limits = context.Target.Limits;
        var tables = new List<OrcTable>();
        var seen = new HashSet<ulong>();
        ulong node = memory.ReadU64(head, "modules.next");
        for (int i = 0; node != head; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i >= limits.MaxModules || !seen.Add(node))
                throw new DumpFormatException($"modules list: cycle or more than {limits.MaxModules} entries at node 0x{node:x}");
            ulong module = unchecked(node - (ulong)listOff);
            string name = memory.ReadCString(module + (ulong)nameOff, 56) ?? $"module@{module:x}";
            if (memory.TryReadU32(module + (ulong)numOff, out uint num)
                && memory.TryReadU64(module + (ulong)ipOff, out ulong ipTable)
                && memory.TryReadU64(module + (ulong)unwindOff, out ulong unwindTable)
                && memory.TryReadU64(module + (ulong)baseOff, out ulong textBase)
                && memory.TryReadU32(module + (ulong)textSizeOff, out uint textSize)
                && num > 0 && num <= (uint)limits.MaxOrcEntries)
            {
                var ips = new byte[checked((int)num * 4)];
                var entries = new byte[checked((int)num * OrcEntry.Size)];
                if (memory.TryReadExactly(ipTable, ips) && memory.TryReadExactly(unwindTable, entries))
                {
                    var table = OrcTable.Create(ipTable, ips, entries, unchecked(textBase + textSize), name);
                    tables.Add(table);
                }
            }
            node = memory.ReadU64(node, "module.list.next");
        }
        return tables;
    }
}
