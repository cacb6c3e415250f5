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
        var (table, symbolOrigin) = KallsymsSymbolSource.TryCreate(target, out var kallsyms)
            ? (kallsyms.CreateTable(), "kallsyms in the dump")
            : (SymbolTable.Empty, "none");
        return new KernelContext(target, table, EmptyTypeSource.Instance, null, symbolOrigin, "none");
    }
}
