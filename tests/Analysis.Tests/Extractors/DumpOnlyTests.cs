using Crashdesk.Analysis.Extractors.Memory;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Tests.Support;

namespace Crashdesk.Analysis.Tests.Extractors;

/// <summary>
/// sys, ps and kmem -i without a vmlinux: symbols from the dump's kallsyms, types from its BTF
/// (the Debian kernel has CONFIG_DEBUG_INFO_BTF; the mini kernel has no BTF and says so).
/// </summary>
public class DumpOnlyTests
{
    [Theory]
    [MemberData(nameof(AnalyzedFixtures.Debian), MemberType = typeof(AnalyzedFixtures))]
    public void SysPsAndKmemWithoutVmlinuxEqualTheReferences(string id)
    {
        var report = AnalyzedFixtures.DumpOnlyReport(id);
        // Module symbols are appended to the origin ("... and the symbols of N modules").
        Assert.StartsWith("kallsyms in the dump", report.SymbolOrigin);
        Assert.Equal("BTF in the dump", report.TypeOrigin);
        Assert.DoesNotContain(report.Failures, f => f.Extractor is "tasks" or "sys" or "kmem");

        var ours = report.Tasks!.Where(t => t.Pid > 0).Select(t => (t.Pid, t.Ppid, t.Cpu, t.State, t.Comm, t.Address)).Order().ToList();
        var drgn = AnalyzedFixtures.DrgnTasks(id).Select(t => (t.Pid, (int?)t.Ppid, t.Cpu, AnalyzedFixtures.CrashState(t.State), t.Comm, t.Task)).Order().ToList();
        Assert.Equal(drgn, ours);

        string sysText = SystemInfoText.Format(report.System!, "vmlinux", Path.GetFileName(FixtureDumps.DumpPath(id)));
        var withVmlinux = SystemInfoText.Format(AnalyzedFixtures.Report(id).System!, "vmlinux", Path.GetFileName(FixtureDumps.DumpPath(id)));
        Assert.Equal(withVmlinux, sysText); // itself checked against crash/sys.txt in SysTests
        foreach (string field in (string[])["DATE", "UPTIME", "LOAD AVERAGE", "MEMORY", "MACHINE", "PANIC", "CPUS"])
            Assert.Contains($"{field}: {FixtureDumps.Sys(id, field)}\n", sysText, StringComparison.Ordinal);

        CrashKmem.AssertMatches(id, MemoryInfoText.Format(report.Memory!), shared: false);
    }

    [Fact]
    public void WithoutVmlinuxOrBtfTheTypeDrivenExtractorsAreSkippedNotFailed()
    {
        var report = AnalyzedFixtures.DumpOnlyReport("mini-6.1-lockdep/sysrq-c/kdump-zstd");
        Assert.Equal("none", report.TypeOrigin);
        Assert.Empty(report.Failures);
        Assert.Contains(report.Skipped, s => s.Extractor == "tasks");
        Assert.Null(report.Tasks);
        Assert.NotNull(report.KernelLog);
        Assert.Equal(FixtureDumps.Sys("mini-6.1-lockdep/sysrq-c/kdump-zstd", "LOAD AVERAGE"), report.System!.LoadAverage);
    }
}
