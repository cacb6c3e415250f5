using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Reports;
using Crashdesk.Analysis.Triage;
using Crashdesk.Api.Contracts;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Api.Tests;

/// <summary>
/// Through the API with the in-process worker: a case holding only a console
/// log gets the full triage. Expected values come from the fixtures' reference files: the panic
/// line from meta.json (crash's `sys`), the crash class the scenario is (sysrq-c, oops-null...),
/// the guilty function from crash's `[exception RIP: ...]`, and the same case's dump report.
/// </summary>
public sealed partial class ConsoleLogAnalysisTests
{
    [GeneratedRegex(@"\[exception RIP: (\w+)\+\d")]
    private static partial Regex ExceptionRip();

    /// <summary>Fixture → the crash class its scenario is (fixtures/README.md "Scenarios").</summary>
    public static TheoryData<string, string> Scenarios => new()
    {
        { "debian-6.1-cloud/sysrq-c/kdump-zlib", "sysrq" },
        { "mini-6.1-lockdep/oops-null/kdump-zstd", "null-deref" },
        { "mini-6.1-lockdep/hung-mutex/kdump-zstd", "hung-task" },
        { "mini-6.1-lockdep/softlockup/kdump-zstd", "soft-lockup" },
        { "mini-6.1-lockdep/warn/kdump-elf31", "warning" },
    };

    [Fact]
    public async Task A_console_log_only_case_gets_the_full_triage_with_crashs_panic_line_and_the_scenarios_class()
    {
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        foreach (var row in Scenarios)
        {
            string fixture = (string)row[0];
            string expectedClass = (string)row[1];
            var caseId = await CreateCaseAsync(client, fixture);
            var report = await UploadAndWaitAsync(client, caseId, Path.Combine(TestFixtures.Folder(fixture), "console.txt"), "console-log", 1);

            var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "meta.json"))).RootElement;
            Assert.Equal(meta.GetProperty("crash_panic").GetString(), report.Report.PanicLine);
            var primary = report.Report.Triage?.Primary;
            Assert.NotNull(primary);
            Assert.Equal(expectedClass, primary.Class);
            Assert.NotEmpty(primary.Frames);
            Assert.False(string.IsNullOrEmpty(primary.Signature));
            // The log itself is in the report, and what only a dump gives is said to be missing, not faked.
            Assert.Equal(File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "console.txt")).Replace("\r\n", "\n"), report.Report.KernelLog);
            Assert.Null(report.Report.Dump);
            Assert.Null(report.Report.Tasks);
            Assert.Null(report.Report.Locks);
            Assert.NotNull(report.Report.Log);
            Assert.Equal(new FileInfo(Path.Combine(TestFixtures.Folder(fixture), "console.txt")).Length, report.Report.Log.Bytes);
            Assert.False(report.Report.Log.Truncated);
            Assert.Contains(report.Report.Skipped, s => s.Extractor == "backtraces" && s.Message.StartsWith(LogAnalyzer.NotAvailable, StringComparison.Ordinal));
            Assert.Contains(report.Report.Skipped, s => s.Extractor == "locks" && s.Message.StartsWith(LogAnalyzer.NotAvailable, StringComparison.Ordinal));

            // The same crash read from crash's kernel log (the reference log) gets the same class, title and signature.
            var fromCrashLog = LogTriage.Analyze(TestFixtures.CrashLog(fixture)).Primary;
            Assert.NotNull(fromCrashLog);
            Assert.Equal(fromCrashLog.Class, primary.Class);
            Assert.Equal(fromCrashLog.Title, primary.Title);
            Assert.Equal(fromCrashLog.Signature, primary.Signature);

            // Where crash names the faulting function ([exception RIP: ...] in `bt`), it is the guilty frame.
            var rip = ExceptionRip().Match(File.ReadAllText(Path.Combine(TestFixtures.Folder(fixture), "crash", "bt.txt")));
            if (expectedClass == "null-deref")
            {
                Assert.True(rip.Success, $"{fixture}: crash's bt.txt names no exception RIP");
                Assert.Equal(rip.Groups[1].Value, primary.GuiltyFrame);
            }
        }
    }

    [Fact]
    public async Task A_cases_console_log_report_and_dump_report_get_the_same_triage_and_signature()
    {
        const string fixture = "mini-6.1-lockdep/hung-mutex/kdump-zstd";
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CreateCaseAsync(client, fixture);

        var fromLog = await UploadAndWaitAsync(client, caseId, Path.Combine(TestFixtures.Folder(fixture), "console.txt"), "console-log", 1);
        var fromDump = await UploadAndWaitAsync(client, caseId, TestFixtures.DumpFile(fixture), "vmcore", 2);

        Assert.Equal(1, fromLog.Version);
        Assert.Equal(2, fromDump.Version);
        Assert.NotNull(fromDump.Report.Dump);
        var log = fromLog.Report.Triage!.Primary!;
        var dump = fromDump.Report.Triage!.Primary!;
        Assert.Equal("hung-task", dump.Class);
        Assert.Equal(dump.Class, log.Class);
        Assert.Equal(dump.Title, log.Title);
        Assert.Equal(dump.GuiltyFrame, log.GuiltyFrame);
        Assert.Equal(dump.Signature, log.Signature);
        Assert.Equal(fromDump.Report.PanicLine, fromLog.Report.PanicLine);
        // The console's "locks held" blocks name the hung tasks of the scenario (fixtures/README.md).
        var holders = fromLog.Report.Triage.Reports.SelectMany(r => r.LocksHeld).Select(t => t.Comm).ToHashSet();
        Assert.Contains("corpus_holder", holders);
        Assert.Contains("sh", holders);
    }

    [Fact]
    public async Task A_console_log_uploaded_as_a_vmcore_is_recognised_and_analysed_as_a_log()
    {
        const string fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";
        await using var factory = await ApiFactory.CreateAsync(worker: true);
        var (_, key) = await factory.CreateTenantAsync();
        using var client = factory.ClientWithKey(key);
        var caseId = await CreateCaseAsync(client, fixture);

        var report = await UploadAndWaitAsync(client, caseId, Path.Combine(TestFixtures.Folder(fixture), "console.txt"), "vmcore", 1);

        Assert.NotNull(report.Report.Log);
        Assert.Null(report.Report.Dump);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.Report.PanicLine);
        Assert.Equal("sysrq", report.Report.Triage?.Primary?.Class);
    }

    private static Task<Guid> CreateCaseAsync(HttpClient client, string fixture) => CaseFlow.CreateCaseAsync(client, fixture);

    private static Task<ReportDto> UploadAndWaitAsync(HttpClient client, Guid caseId, string path, string kind, int analyses) =>
        CaseFlow.UploadAndWaitAsync(client, caseId, path, kind, analyses);
}
