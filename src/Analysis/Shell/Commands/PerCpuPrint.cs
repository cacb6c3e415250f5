using System.Globalization;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's print of a per-CPU variable (symbols.c display_per_cpu_info): without a cpu
/// specification "PER-CPU DATA TYPE:" with gdb's whatis declaration (or "[undetermined type] NAME;")
/// and "PER-CPU ADDRESSES:" with "  [N]: ADDR" per CPU; with one, "per_cpu(NAME, N) = $K = VALUE"
/// for each CPU named, or "&amp;per_cpu(NAME, N) = $K = (void *) 0xADDR" when the type is unknown.
/// An offline CPU prints "cpu N is OFFLINE" instead (hide_offline_cpu).
/// </summary>
internal sealed class PerCpuPrint(CrashShell shell, string command, bool hex)
{
    /// <summary>Prints <paramref name="variable"/>; <paramref name="cpus"/> null for the address list.</summary>
    public void Write(PerCpuVariable variable, string? cpus, ShellOutput output, CancellationToken cancellationToken)
    {
        string name = variable.Symbol.Name;
        var areas = variable.Areas;
        SortedSet<int>? selected = cpus is null ? null
            : CpuSpecification.Parse(command, cpus, areas.CpuIds, shell.GetBacktraces(cancellationToken).PanicCpu ?? 0);
        if (selected is null)
        {
            output.WriteLine("PER-CPU DATA TYPE:");
            output.WriteLine("  " + (variable.Type is { } type ? GdbTypePrinter.Declaration(type, name) : "[undetermined type] " + name) + ";");
            output.WriteLine("PER-CPU ADDRESSES:");
        }
        for (int cpu = 0; cpu < areas.CpuIds; cpu++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!PerCpuAreas.Contains(areas.Online, cpu))
            {
                output.WriteLine($"cpu {cpu} is OFFLINE");
                continue;
            }
            if (selected is not null && !selected.Contains(cpu))
                continue;
            ulong address = variable.AddressOn(cpu);
            string hexAddress = address.ToString("x", CultureInfo.InvariantCulture);
            if (selected is null)
            {
                output.Write($"  [{cpu}]: ");
                output.WriteLink(hexAddress, "rd " + hexAddress);
                output.WriteLine();
            }
            else if (variable.Type is { } type)
            {
                string failed = $"{command}: gdb request failed: p *({GdbTypePrinter.Declaration(type, "")}*) 0x{hexAddress}";
                string value = PrintShellCommand.Value(shell, command, hex, type, null, address, failed, cancellationToken);
                output.Write(PrintShellCommand.WithLeader($"per_cpu({name}, {cpu})", value));
            }
            else
                output.WriteLine($"&per_cpu({name}, {cpu}) = ${shell.NextValueNumber()} = (void *) 0x{hexAddress}");
        }
    }
}
