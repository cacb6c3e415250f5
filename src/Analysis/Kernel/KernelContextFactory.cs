using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Kernel;

/// <summary>
/// Builds a <see cref="KernelContext"/>: from a debug kernel or profile when given (the caller runs
/// the build-id pre-flight first), else from the dump alone. The dump-only path (kallsyms tables in
/// memory, BTF) is filled in by Symbols/Kallsyms and Btf (issue 5).
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
        return new KernelContext(target, SymbolTable.Empty, EmptyTypeSource.Instance, null, "none", "none");
    }
}
