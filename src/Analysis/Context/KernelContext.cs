using Crashdesk.Analysis.Context.Modules;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Context;

/// <summary>
/// Everything an extractor needs about one crashed kernel: the dump (<see cref="Target"/>), its
/// symbols at run-time addresses (KASLR applied), its types, and the ORC tables. Built from a
/// matching debug kernel or profile when there is one; otherwise from what the dump itself holds
/// (kallsyms tables, BTF) — see <see cref="KernelContextFactory"/>. Immutable, thread-safe.
/// </summary>
public sealed class KernelContext
{
    /// <summary>Creates a context; prefer <see cref="KernelContextFactory"/>.</summary>
    public KernelContext(KernelTarget target, SymbolTable symbols, IKernelTypeSource types, OrcTables? orc, string symbolOrigin, string typeOrigin)
    {
        Target = target;
        Symbols = symbols;
        Types = new TypeLayout(types);
        Orc = orc;
        SymbolOrigin = symbolOrigin;
        TypeOrigin = typeOrigin;
    }

    /// <summary>Loaded modules (sorted by base address), empty when none or unreadable; see <see cref="ModuleProblem"/>.</summary>
    public IReadOnlyList<KernelModule> Modules { get; init; } = [];

    /// <summary>Why the module list or a module's symbols could not be read (null when fine).</summary>
    public string? ModuleProblem { get; init; }

    /// <summary>The pre-flight result of the debug kernel against the dump (null without a debug kernel).</summary>
    public KernelMatchResult? DebugKernelCheck { get; init; }

    /// <summary>The dump: memory, VMCOREINFO, per-CPU registers.</summary>
    public KernelTarget Target { get; }

    /// <summary>Symbols at run-time addresses (KASLR slide already applied).</summary>
    public SymbolTable Symbols { get; }

    /// <summary>Type lookups with member offsets and sizes.</summary>
    public TypeLayout Types { get; }

    /// <summary>ORC unwind tables at link-time addresses (add <see cref="KernelTarget.KernelOffset"/>), if known.</summary>
    public OrcTables? Orc { get; }

    /// <summary>Where the symbols came from ("vmlinux .symtab", "kallsyms in the dump"), for reports.</summary>
    public string SymbolOrigin { get; }

    /// <summary>Where the types came from ("DWARF", "kernel profile", "BTF"), for reports.</summary>
    public string TypeOrigin { get; }

    /// <summary>Run-time address of a symbol: the symbol table first, VMCOREINFO SYMBOL() second.</summary>
    public bool TryGetSymbolAddress(string name, out ulong address)
    {
        if (Symbols.TryGetAddress(name, out address))
            return true;
        if (Target.VmcoreInfo.Symbol(name) is { } fromInfo)
        {
            address = fromInfo;
            return true;
        }
        return false;
    }
}
