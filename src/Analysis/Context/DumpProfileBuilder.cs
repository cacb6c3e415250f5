using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Context;

/// <summary>
/// A <see cref="KernelProfile"/> of what a dump without a debug kernel gave: the kernel's own kallsyms
/// table and BTF types, as the analysis of that dump read them. They are part of the kernel image, so
/// every dump of the same build (same GNU build-id) holds the same ones; a service keeps this profile
/// per build-id and spares the next dumps of that kernel reading them again (kallsyms and BTF have no
/// name index on 6.1, so each is read whole: most of what a full analysis without a debug kernel reads).
/// The profile has no ORC tables: those are searched in the dump's memory, as without it.
/// </summary>
public static class DumpProfileBuilder
{
    /// <summary>x86_64's kernel half of the address space (Documentation/arch/x86/x86_64/mm.rst).</summary>
    private const ulong KernelSpaceStart = 0xffff800000000000UL;

    /// <summary>
    /// The profile of <paramref name="context"/>'s kallsyms and BTF, or null when the context did not
    /// get both from the dump, or the dump has no build-id to key it by. Module symbols are left out
    /// (they are the boot's, not the build's); symbols are stored at link-time addresses (run-time minus
    /// the dump's KASLR offset) like a debug kernel's, so another boot's offset applies to them.
    /// </summary>
    public static KernelProfile? TryBuild(KernelContext context, IEnumerable<string> typeNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(typeNames);
        if (!context.SymbolOrigin.StartsWith(KernelContextFactory.KallsymsOrigin, StringComparison.Ordinal) || context.TypeOrigin != KernelContextFactory.BtfOrigin)
            return null;
        var dump = DumpIdentity.FromVmcoreInfo(context.Target.VmcoreInfo);
        if (dump.BuildId is null)
            return null;
        long slide = (long)context.Target.KernelOffset;
        var symbols = new List<KernelSymbol>(context.Symbols.Count);
        foreach (var s in context.Symbols.Symbols)
        {
            if (s.Module is not null)
                continue;
            // Per-CPU symbols are offsets into the per-CPU section, linked at 0 and never slid
            // (include/asm-generic/vmlinux.lds.h PERCPU_VADDR): kept as they are, as vmlinux has them.
            symbols.Add(s.Address < KernelSpaceStart ? s : s with { Address = unchecked(s.Address - (ulong)slide) });
        }
        var types = new Dictionary<string, KernelType>(StringComparer.Ordinal);
        foreach (string name in typeNames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (context.Types.Source.TryFindType(name, out var type))
                types[name] = type;
        }
        // `linux_banner` as the kernel prints it (init/version.c), without its newline, as a debug kernel's identity has it.
        string? banner = context.TryGetSymbolAddress("linux_banner", out ulong at)
            ? context.Target.KernelMemory.ReadCString(at, 512)?.TrimEnd('\n') is { Length: > 0 } text ? text : null
            : null;
        var identity = new KernelIdentity(dump.BuildId.ToLowerInvariant(), dump.Release, banner);
        return new KernelProfile(identity, SymbolTable.Create(symbols), types, orc: null) { FromDump = true };
    }
}
