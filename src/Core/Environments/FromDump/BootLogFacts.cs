using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Core.Environments.FromDump;

/// <summary>
/// What the boot messages of the crashed kernel say about the machine. Each pattern is the kernel's
/// own printk (v6.1): <c>Linux version</c> (init/version.c linux_banner), <c>Command line:</c>
/// (arch/x86/kernel/setup.c), <c>DMI:</c> (drivers/firmware/dmi_scan.c dmi_format_ids:
/// "vendor product/board, BIOS version date"), <c>smpboot: CPU0:</c> (arch/x86/kernel/cpu/common.c
/// print_cpu_info: "model name (family: …"), <c>Memory: a/bK available</c> (mm/page_alloc.c
/// mem_init_print_info: b is the RAM the kernel found), <c>smp: Brought up N nodes, M CPUs</c>
/// (kernel/smp.c), <c>Hypervisor detected:</c> (arch/x86/kernel/cpu/hypervisor.c).
/// A console capture often holds several boots (kdump's capture kernel boots after the crash):
/// only the boot that crashed is read.
/// </summary>
public sealed partial record BootLogFacts(
    string? Banner, string? Release, string? CommandLine, string? Dmi, string? CpuModel,
    long? MemoryBytes, int? NumaNodes, int? OnlineCpus, string? Hypervisor)
{
    /// <summary>The facts of the boot whose messages include line <paramref name="crashLine"/> (1-based; null or 0: the first boot).</summary>
    public static BootLogFacts Read(IReadOnlyList<string> lines, int? crashLine)
    {
        var (start, end) = BootOf(lines, crashLine);
        string? banner = null, release = null, commandLine = null, dmi = null, cpu = null, hypervisor = null;
        long? memory = null;
        int? nodes = null, cpus = null;
        for (int i = start; i < end; i++)
        {
            var line = lines[i];
            if (banner is null && BannerRegex().Match(line) is { Success: true } b)
            {
                banner = b.Groups["banner"].Value.TrimEnd();
                release = b.Groups["release"].Value;
            }
            else if (commandLine is null && CommandLineRegex().Match(line) is { Success: true } c)
                commandLine = c.Groups["value"].Value.Trim();
            else if (dmi is null && DmiRegex().Match(line) is { Success: true } d)
                dmi = d.Groups["value"].Value.Trim();
            else if (cpu is null && Cpu0().Match(line) is { Success: true } m)
                cpu = m.Groups["model"].Value.Trim();
            else if (memory is null && MemoryRegex().Match(line) is { Success: true } mem
                && long.TryParse(mem.Groups["total"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long kib))
                memory = kib * 1024;
            else if (nodes is null && BroughtUp().Match(line) is { Success: true } up)
            {
                nodes = int.Parse(up.Groups["nodes"].Value, CultureInfo.InvariantCulture);
                cpus = int.Parse(up.Groups["cpus"].Value, CultureInfo.InvariantCulture);
            }
            else if (hypervisor is null && HypervisorRegex().Match(line) is { Success: true } h)
                hypervisor = h.Groups["value"].Value.Trim();
        }
        return new BootLogFacts(banner, release, commandLine, dmi, cpu, memory, nodes, cpus, hypervisor);
    }

    /// <summary>The half-open line range of the boot that holds <paramref name="crashLine"/>: from the last banner at or before it to the next banner.</summary>
    private static (int Start, int End) BootOf(IReadOnlyList<string> lines, int? crashLine)
    {
        int crash = crashLine is > 0 ? Math.Min(crashLine.Value - 1, lines.Count - 1) : -1;
        int start = 0;
        if (crash >= 0)
        {
            for (int i = crash; i >= 0; i--)
                if (lines[i].Contains("Linux version ", StringComparison.Ordinal) && BannerRegex().IsMatch(lines[i]))
                {
                    start = i;
                    break;
                }
        }
        int end = lines.Count;
        for (int i = Math.Max(start + 1, crash + 1); i < lines.Count; i++)
            if (lines[i].Contains("Linux version ", StringComparison.Ordinal) && BannerRegex().IsMatch(lines[i]))
            {
                end = i;
                break;
            }
        return (start, end);
    }

    [GeneratedRegex(@"(?<banner>Linux version (?<release>\S+) .*)$")]
    private static partial Regex BannerRegex();

    [GeneratedRegex(@"(?:^|\] |: )Command line: (?<value>.*)$")]
    private static partial Regex CommandLineRegex();

    [GeneratedRegex(@"(?:^|\] |: )DMI: (?<value>.+)$")]
    private static partial Regex DmiRegex();

    [GeneratedRegex(@"smpboot: CPU0: (?<model>.+?) \(family: ")]
    private static partial Regex Cpu0();

    [GeneratedRegex(@"Memory: \d+K/(?<total>\d+)K available")]
    private static partial Regex MemoryRegex();

    [GeneratedRegex(@"smp: Brought up (?<nodes>\d+) nodes?, (?<cpus>\d+) CPUs?")]
    private static partial Regex BroughtUp();

    [GeneratedRegex(@"Hypervisor detected: (?<value>.+)$")]
    private static partial Regex HypervisorRegex();
}
