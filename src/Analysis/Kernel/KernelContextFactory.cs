using Crashdesk.Analysis.Btf;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Symbols.Kallsyms;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// Builds a <see cref="KernelContext"/>: from a debug kernel or profile when given (the caller runs
/// the build-id pre-flight first), else from the dump alone: symbols from the kernel's kallsyms
/// tables in memory (<see cref="KallsymsSymbolSource"/>), types from BTF (issue 5).
/// </summary>
public static class KernelContextFactory
{
    /// <summary>Opens a context over <paramref name="target"/> with optional debug info.</summary>
    public static KernelContext Create(KernelTarget target, IKernelDebugInfo? debugInfo = null)
    {
        if (debugInfo is not null)
        {
            var symbols = debugInfo.Symbols.WithKaslrOffset((long)target.KernelOffset);
            string origin = debugInfo is KernelProfile ? "kernel profile" : "debug kernel";
            return new KernelContext(target, symbols, debugInfo.Types, debugInfo.Orc, origin + " symbols", origin + " types");
        }
        // kallsyms addresses are run-time already (KASLR applied by the kernel): KASLR offset 0.
        var (table, symbolOrigin) = TryKallsyms(target);
        // BTF (CONFIG_DEBUG_INFO_BTF) lies between __start_BTF and __stop_BTF
        // (include/asm-generic/vmlinux.lds.h); read on first type lookup.
        IKernelTypeSource types = EmptyTypeSource.Instance;
        string typeOrigin = "none";
        if (table.TryGetAddress("__start_BTF", out ulong start) && table.TryGetAddress("__stop_BTF", out ulong stop))
        {
            types = new DeferredTypeSource(() => BtfTypeSource.FromMemory(target.KernelMemory, start, stop, target.Limits));
            typeOrigin = "BTF in the dump";
        }
        return new KernelContext(target, table, types, null, symbolOrigin, typeOrigin);
    }

    /// <summary>
    /// The kallsyms table, or none with the reason: a truncated or filtered dump may lack its pages,
    /// and that must cost only the symbol-driven extractors, never the whole analysis.
    /// </summary>
    private static (SymbolTable Table, string Origin) TryKallsyms(KernelTarget target)
    {
        try
        {
            return KallsymsSymbolSource.TryCreate(target, out var kallsyms)
                ? (kallsyms.CreateTable(), "kallsyms in the dump")
                : (SymbolTable.Empty, "none");
        }
        catch (Exception e) when (e is Memory.MemoryNotPresentException or DumpFormatException)
        {
            return (SymbolTable.Empty, "none (kallsyms unreadable: " + e.Message + ")");
        }
    }

}
