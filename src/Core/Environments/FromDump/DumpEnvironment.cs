using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Services;

namespace Crashdesk.Core.Environments.FromDump;

/// <summary>
/// What a dump's (or a console log's) analysis knows about the machine, as an environment reading
/// of source <c>dump</c>: the crashed kernel's utsname, taint mask, CPU count, memory and module
/// list (crash's <c>sys</c> and <c>mod</c>), and the boot messages of the crashed boot
/// (<see cref="BootLogFacts"/>). The dump's own structures come first; the log fills what they
/// lack. What neither holds is a gap with the reason, never a guess.
/// </summary>
public static class DumpEnvironment
{
    public static EnvironmentDocument Read(AnalysisReport report, DateTimeOffset at)
    {
        var reading = new EnvironmentReading(FactSources.Dump, at);
        var primary = report.Triage?.Primary;
        var lines = KernelLogLines.Split(report.KernelLog);
        var boot = BootLogFacts.Read(lines, primary?.Line);
        var system = report.System;

        reading.Set("os.kernelRelease", system?.Release ?? report.Dump?.KernelRelease ?? boot.Release ?? primary?.KernelRelease);
        reading.Set("os.kernelBuild", system?.Version ?? report.Dump?.KernelVersion);
        reading.Set("os.kernelBanner", boot.Banner);
        reading.Set("os.architecture", report.Dump?.Machine);
        reading.Set("os.hostname", Hostname(system?.NodeName ?? report.Dump?.NodeName));
        reading.Set("os.commandLine", boot.CommandLine);
        if (system?.TaintMask is { } mask)
            reading.Set("os.taint", KernelTaintLetters.FromMask(mask));
        else if (primary?.Taint is { } taint)
            reading.Set("os.taint", KernelTaintLetters.FromHeader(taint.Raw));

        if (boot.Dmi is { } dmiText)
        {
            var dmi = DmiLine.Parse(dmiText);
            reading.Set("hardware.system", dmi.System).Set("hardware.board", dmi.Board)
                .Set("hardware.biosVersion", dmi.BiosVersion).Set("hardware.biosDate", dmi.BiosDate);
        }
        reading.Set("hardware.cpuModel", boot.CpuModel);
        reading.Set("hardware.cpus", system?.Cpus ?? report.Dump?.Cpus ?? boot.OnlineCpus);
        long? memory = system?.MemoryPages is { } pages ? pages * (report.Memory?.PageSize ?? 4096) : boot.MemoryBytes;
        reading.Set("hardware.memoryBytes", memory);
        reading.Set("hardware.numaNodes", boot.NumaNodes);
        reading.Set("hardware.hypervisor", boot.Hypervisor);

        if (report.Modules is { } modules)
            reading.SetModules([.. modules.Select(m => new ModuleFact(m.Name, m.Version, m.Taints))]);
        else if (report.Dump is null && ModulesLinkedIn.Parse(primary is null ? [] : lines, primary?.Line) is { } linked)
            reading.SetModules(linked);

        Explain(reading, report, boot);
        return reading.Build();
    }

    /// <summary>utsname's "(none)" is the kernel's placeholder for "no host name set", not a name.</summary>
    private static string? Hostname(string? name) => name is null or "(none)" ? null : name;

    private static void Explain(EnvironmentReading reading, AnalysisReport report, BootLogFacts boot)
    {
        const string noBoot = "the kernel log holds no boot messages of the crashed kernel (the log wrapped or was cut)";
        if (boot.Dmi is null)
            reading.Gap("hardware.system", boot.Banner is null ? noBoot : "no DMI: line in the kernel log (a machine without SMBIOS)");
        reading.Gap("hardware.vendor", "the kernel's DMI line joins vendor and product; a sosreport's dmidecode separates them");
        if (boot.CommandLine is null)
            reading.Gap("os.commandLine", boot.Banner is null ? noBoot : "no Command line: in the kernel log");
        if (boot.CpuModel is null)
            reading.Gap("hardware.cpuModel", boot.Banner is null ? noBoot : "no smpboot: CPU0: line in the kernel log");
        if (report.Modules is null && report.Dump is not null)
            reading.Gap("modules", report.Failures.FirstOrDefault(f => f.Extractor == "modules")?.Message ?? "the module list could not be read from the dump");
        if (report.System is { TaintMask: null } && report.Dump is not null)
            reading.Gap("os.taint", "tainted_mask could not be read from the dump");
    }
}
