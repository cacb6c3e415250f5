using Crashdesk.Analysis.Btf;
using Crashdesk.Analysis.Context.Modules;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Symbols.Kallsyms;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Context;

/// <summary>
/// Builds a <see cref="KernelContext"/>. With a debug kernel or profile: checks it against the dump
/// first (<see cref="KernelMatcher"/>; a mismatch is a <see cref="KernelMismatchException"/>), then
/// uses its symbols with KASLR applied and its types. Without one: symbols from the kernel's
/// kallsyms tables in memory (<see cref="KallsymsSymbolSource"/>, run-time addresses) and types from
/// the kernel's BTF in memory (<see cref="BtfTypeSource"/>, read on first use). Either way the
/// loaded modules are listed and their own symbols added (<see cref="ModuleSymbolSource"/>).
/// </summary>
public static class KernelContextFactory
{
    /// <summary><see cref="KernelContext.SymbolOrigin"/> when the symbols are the dump's kallsyms.</summary>
    public const string KallsymsOrigin = "kallsyms in the dump";

    /// <summary><see cref="KernelContext.TypeOrigin"/> when the types are the dump's BTF.</summary>
    public const string BtfOrigin = "BTF in the dump";

    /// <summary>Opens a context over <paramref name="target"/> with optional debug info and default options.</summary>
    public static KernelContext Create(KernelTarget target, IKernelDebugInfo? debugInfo = null) =>
        Create(target, debugInfo, KernelContextOptions.Default);

    /// <summary>Opens a context with explicit <paramref name="options"/>.</summary>
    public static KernelContext Create(KernelTarget target, IKernelDebugInfo? debugInfo, KernelContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var context = debugInfo is null ? FromDump(target) : FromDebugInfo(target, debugInfo, options);
        return options.ModuleSymbols ? WithModules(context) : context;
    }

    /// <summary>Checks a debug kernel against a dump (VMCOREINFO BUILD-ID/OSRELEASE vs build-id/release/banner).</summary>
    public static KernelMatchResult Check(KernelTarget target, IKernelDebugInfo debugInfo) =>
        KernelMatcher.Check(DumpIdentity.FromVmcoreInfo(target.VmcoreInfo), debugInfo.Identity);

    private static KernelContext FromDebugInfo(KernelTarget target, IKernelDebugInfo debugInfo, KernelContextOptions options)
    {
        KernelMatchResult? check = null;
        if (options.CheckDebugKernel)
        {
            check = Check(target, debugInfo);
            if (check.Verdict == MatchVerdict.Mismatch)
                throw new KernelMismatchException(check);
        }
        var symbols = debugInfo.Symbols.WithKaslrOffset((long)target.KernelOffset);
        if (debugInfo is KernelProfile { FromDump: true })
            return new KernelContext(target, symbols, debugInfo.Types, debugInfo.Orc, "kallsyms of this kernel build (kept from an earlier dump)", "BTF of this kernel build (kept from an earlier dump)");
        string origin = debugInfo is KernelProfile ? "kernel profile" : "debug kernel";
        return new KernelContext(target, symbols, debugInfo.Types, debugInfo.Orc, origin + " symbols", origin + " types") { DebugKernelCheck = check };
    }

    private static KernelContext FromDump(KernelTarget target)
    {
        // kallsyms addresses are run-time already (KASLR applied by the kernel): KASLR offset 0.
        var (table, symbolOrigin) = TryKallsyms(target);
        // BTF (CONFIG_DEBUG_INFO_BTF) lies between __start_BTF and __stop_BTF
        // (include/asm-generic/vmlinux.lds.h); read on first type lookup.
        IKernelTypeSource types = EmptyTypeSource.Instance;
        string typeOrigin = "none";
        if (table.TryGetAddress("__start_BTF", out ulong start) && table.TryGetAddress("__stop_BTF", out ulong stop))
        {
            types = new DeferredTypeSource(() => BtfTypeSource.FromMemory(target.KernelMemory, start, stop, target.Limits));
            typeOrigin = BtfOrigin;
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
                ? (kallsyms.CreateTable(), KallsymsOrigin)
                : (SymbolTable.Empty, "none");
        }
        catch (Exception e) when (e is Memory.MemoryNotPresentException or DumpFormatException)
        {
            return (SymbolTable.Empty, "none (kallsyms unreadable: " + e.Message + ")");
        }
    }

    private static KernelContext WithModules(KernelContext context)
    {
        if (!context.TryGetSymbolAddress("modules", out ulong head))
            return context; // CONFIG_MODULES=n
        IReadOnlyList<KernelModule> modules;
        try
        {
            modules = ModuleListReader.Read(context.Target.KernelMemory, head, context.Types, context.Target.Limits);
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException)
        {
            return Rebuild(context, context.Symbols, [], $"module list not read: {e.Message}");
        }
        if (modules.Count == 0)
            return context;
        var source = new ModuleSymbolSource(context.Target.KernelMemory, modules, context.Target.Limits);
        var moduleSymbols = source.ReadSymbols();
        // The table stores addresses minus its KASLR offset (link time for a debug kernel, 0 for
        // kallsyms); module symbols are run-time, so shift them the same way.
        long slide = context.Symbols.KaslrOffset;
        var shifted = moduleSymbols.Select(s => slide == 0 ? s : s with { Address = unchecked(s.Address - (ulong)slide) });
        var table = context.Symbols.WithAdditional(shifted);
        string? problem = source.Problems.Count == 0 ? null : "module symbols not read: " + string.Join("; ", source.Problems);
        return Rebuild(context, table, modules, problem);
    }

    private static KernelContext Rebuild(KernelContext context, SymbolTable symbols, IReadOnlyList<KernelModule> modules, string? problem) =>
        new(context.Target, symbols, context.Types.Source, context.Orc,
            modules.Count > 0 ? $"{context.SymbolOrigin} and the symbols of {modules.Count} modules" : context.SymbolOrigin, context.TypeOrigin)
        {
            Modules = modules,
            ModuleProblem = problem,
            DebugKernelCheck = context.DebugKernelCheck,
        };
}
