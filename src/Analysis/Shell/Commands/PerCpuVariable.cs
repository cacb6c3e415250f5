using Crashdesk.Analysis.Btf;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// A per-CPU variable of the kernel as crash finds one (symbols.c per_cpu_symbol_search,
/// is_percpu_symbol): a data symbol whose value lies in [__per_cpu_start, __per_cpu_end), the
/// per-CPU section linked at 0 (include/asm-generic/vmlinux.lds.h PERCPU_VADDR), so the value is an
/// offset that KASLR does not move (kallsyms marks these 'A', absolute: scripts/kallsyms.c
/// --absolute-percpu, where vmlinux's symbol table says 'D' or 'd'); CPU n's copy is at value + __per_cpu_offset[n]. Its type comes
/// from the debug kernel's DWARF or, without one, from the dump's BTF, whose VAR records are exactly
/// the per-CPU variables; null when neither knows it (crash's "[undetermined type]").
/// </summary>
internal sealed record PerCpuVariable(KernelSymbol Symbol, KernelType? Type, PerCpuAreas Areas)
{
    /// <summary>CPU <paramref name="cpu"/>'s copy.</summary>
    public ulong AddressOn(int cpu)
    {
        Areas.TryGetAddress(Symbol.Name, cpu, out ulong address);
        return address;
    }

    /// <summary>False when <paramref name="name"/> is no per-CPU data symbol of the kernel (module per-CPU areas are not searched).</summary>
    public static bool TryFind(CrashShell shell, string name, out PerCpuVariable variable)
    {
        variable = null!;
        var symbols = shell.Context.Symbols;
        // crash also accepts the pre-2.6.34 "per_cpu__" prefix (per_cpu_symbol_search).
        if (!symbols.TryGetSymbol(name, out var symbol) && !(name.StartsWith("per_cpu__", StringComparison.Ordinal) && symbols.TryGetSymbol(name["per_cpu__".Length..], out symbol)))
            return false;
        if (symbol.Module is not null || symbol.Type is not ('d' or 'D' or 'V' or 'A')
            || !symbols.TryGetSymbol("__per_cpu_start", out var start) || !symbols.TryGetSymbol("__per_cpu_end", out var end)
            || symbol.Address < start.Address || symbol.Address >= end.Address)
            return false;
        variable = new PerCpuVariable(symbol, TypeOf(shell, symbol.Name), PerCpuAreas.Read(shell.Context));
        return true;
    }

    private static KernelType? TypeOf(CrashShell shell, string name)
    {
        if (shell.DebugInfo is DebugKernel kernel)
            return kernel.Dwarf.TryFindVariableType(name, out var type) ? type : null;
        var source = shell.Context.Types.Source;
        if (source is DeferredTypeSource deferred)
            source = deferred.Source;
        return source is BtfTypeSource btf && btf.TryFindVariableType(name, out var btfType) ? btfType : null;
    }
}
