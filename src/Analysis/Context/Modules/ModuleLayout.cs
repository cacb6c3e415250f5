using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Context.Modules;

/// <summary>
/// Member offsets of `struct module` and `struct mod_kallsyms` for this kernel, from its types
/// (DWARF, profile or BTF). The core-memory members changed twice and are detected by presence:
/// `module_core`/`core_size` (before 4.5), `core_layout` (`struct module_layout`, 4.5–6.3, commit
/// 7523e4dc5057), `mem[MOD_MEM_NUM_TYPES]` (`struct module_memory`, 6.4, commit ac3b43283923).
/// </summary>
internal sealed record ModuleLayout(
    long List, long Name, int NameLength, long? State, long? Taints,
    long Base, long Size, long? TextSize,
    long? MemoryStride, int MemoryTypes,
    long? KallsymsPointer, long? Symtab, long? NumSymtab, long? Strtab, long? Typetab)
{
    /// <summary>Offset of `const char *version` (include/linux/module.h), null when the types lack it.</summary>
    public long? Version { get; init; }

    /// <summary>Resolves the layout; a kernel whose types lack `struct module` gets a <see cref="NotSupportedException"/>.</summary>
    public static ModuleLayout From(TypeLayout t) => Resolve(t) with { Version = t.OffsetOf("module", "version") };

    private static ModuleLayout Resolve(TypeLayout t)
    {
        long list = t.RequireOffset("module", "list");
        long name = t.RequireOffset("module", "name");
        int nameLength = t.MemberType("module", "name") is { Kind: KernelTypeKind.Array, Dimensions: [long n] } ? (int)Math.Clamp(n, 1, 256) : 56;
        long? state = t.OffsetOf("module", "state"), taints = t.OffsetOf("module", "taints");
        long? kallsyms = t.OffsetOf("module", "kallsyms");
        long? symtab = t.OffsetOf("mod_kallsyms", "symtab"), num = t.OffsetOf("mod_kallsyms", "num_symtab");
        long? strtab = t.OffsetOf("mod_kallsyms", "strtab"), typetab = t.OffsetOf("mod_kallsyms", "typetab");
        if (kallsyms is null && t.OffsetOf("module", "symtab") is { } oldSymtab)
        {
            // Before 4.6 (commit 8244062ef1e5) the table sat in struct module itself.
            symtab = oldSymtab;
            num = t.OffsetOf("module", "num_symtab");
            strtab = t.OffsetOf("module", "strtab");
            typetab = null;
        }
        if (t.OffsetOf("module", "mem") is { } mem)
        {
            long stride = t.RequireSize("module_memory");
            int types = t.MemberType("module", "mem") is { Kind: KernelTypeKind.Array, Dimensions: [long count] } ? (int)Math.Clamp(count, 1, 16) : 7;
            return new ModuleLayout(list, name, nameLength, state, taints,
                mem + t.RequireOffset("module_memory", "base"), mem + t.RequireOffset("module_memory", "size"), null,
                stride, types, kallsyms, symtab, num, strtab, typetab);
        }
        if (t.OffsetOf("module", "core_layout.base") is { } coreBase)
            return new ModuleLayout(list, name, nameLength, state, taints,
                coreBase, t.RequireOffset("module", "core_layout.size"), t.OffsetOf("module", "core_layout.text_size"),
                null, 0, kallsyms, symtab, num, strtab, typetab);
        return new ModuleLayout(list, name, nameLength, state, taints,
            t.RequireOffset("module", "module_core"), t.RequireOffset("module", "core_size"), t.OffsetOf("module", "core_text_size"),
            null, 0, kallsyms, symtab, num, strtab, typetab);
    }
}
