
namespace Crashdesk.Analysis.Context.Modules;

/// <summary>One loaded module (`struct module` on the kernel's `modules` list), as crash's `mod` lists it.</summary>
/// <param name="Address">Address of the `struct module` (crash's MODULE column).</param>
/// <param name="Name">Module name (`module.name`).</param>
/// <param name="Base">Start of the module's core memory: `core_layout.base` (4.5–6.3), `mem[MOD_TEXT].base` (6.4+) — crash's BASE / TEXT_BASE.</param>
/// <param name="Size">Core size: `core_layout.size`, or the sum of the non-init `mem[]` sizes (crash's SIZE).</param>
/// <param name="TextSize">Bytes of text at <see cref="Base"/> (`core_layout.text_size`, `mem[MOD_TEXT].size`); 0 if unknown.</param>
/// <param name="State">`enum module_state` name (MODULE_STATE_LIVE, ...), or the number when the enum is unknown.</param>
/// <param name="Taints">Taint letters of the module's `taints` bits (kernel/panic.c taint_flags, module ones), e.g. "OE".</param>
/// <param name="Kallsyms">Where the module's own symbol table is (`mod_kallsyms`), null if unreadable.</param>
public sealed record KernelModule(ulong Address, string Name, ulong Base, ulong Size, ulong TextSize, string State, string Taints, ModuleKallsyms? Kallsyms)
{
    /// <summary>
    /// The module's `MODULE_VERSION` string (`module.version`, set from the `version=` modinfo by
    /// kernel/module/main.c `setup_modinfo_version`); null when the module declares none — most in-tree
    /// modules — or the string is not in the dump.
    /// </summary>
    public string? Version { get; init; }

    /// <summary>True when <paramref name="address"/> is inside the module's core memory.</summary>
    public bool Contains(ulong address) => address >= Base && address - Base < Size;
}
