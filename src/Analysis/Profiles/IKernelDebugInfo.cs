using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// Symbols and types of one kernel build, from a debug kernel (<see cref="DebugKernel"/>) or a
/// compact <see cref="KernelProfile"/>. Symbols are at link time: apply KASLR with
/// <see cref="SymbolTable.WithKaslrOffset"/>.
/// </summary>
public interface IKernelDebugInfo
{
    /// <summary>Build-id, release and banner of the kernel.</summary>
    KernelIdentity Identity { get; }

    /// <summary>The kernel's symbols (link-time addresses).</summary>
    SymbolTable Symbols { get; }

    /// <summary>The kernel's types.</summary>
    IKernelTypeSource Types { get; }

    /// <summary>The ORC unwind tables, if the kernel has them.</summary>
    OrcTables? Orc { get; }
}
