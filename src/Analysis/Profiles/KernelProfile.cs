using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// The compact, self-contained debug information of one kernel build: its identity, all symbols,
/// the types the extractors use (each root type with everything it embeds by value; types reached
/// only through pointers kept as named declarations) and the ORC tables. Built once per debug
/// kernel by <see cref="KernelProfileBuilder"/>, stored with <see cref="KernelProfileSerializer"/>
/// keyed by build-id, loaded in milliseconds for every later dump of that kernel.
/// </summary>
public sealed class KernelProfile : IKernelDebugInfo, IKernelTypeSource
{
    private readonly IReadOnlyDictionary<string, KernelType> _types;

    /// <summary>Creates a profile from its parts.</summary>
    public KernelProfile(KernelIdentity identity, SymbolTable symbols, IReadOnlyDictionary<string, KernelType> types, OrcTables? orc)
    {
        Identity = identity;
        Symbols = symbols;
        _types = types;
        Orc = orc;
    }

    /// <inheritdoc />
    public KernelIdentity Identity { get; }

    /// <summary>
    /// True for a profile of a dump's own kallsyms and BTF (Context.DumpProfileBuilder), false for
    /// one of a debug kernel. Not stored in the profile file: whoever keeps one knows which it kept.
    /// </summary>
    public bool FromDump { get; init; }

    /// <inheritdoc />
    public SymbolTable Symbols { get; }

    /// <inheritdoc />
    public OrcTables? Orc { get; }

    /// <inheritdoc />
    public IKernelTypeSource Types => this;

    /// <summary>The root types by C spelling ("struct task_struct", "atomic_t").</summary>
    public IReadOnlyDictionary<string, KernelType> NamedTypes => _types;

    /// <summary>This profile marked as one of a dump's own kallsyms and BTF (after loading it from where it was kept).</summary>
    public KernelProfile AsDumpProfile() => FromDump ? this : new KernelProfile(Identity, Symbols, _types, Orc) { FromDump = true };

    /// <inheritdoc />
    public bool TryFindType(string name, out KernelType type) => _types.TryGetValue(name, out type!);
}
