using System.Text;
using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Analyses;
using Crashdesk.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Jobs;

/// <summary>
/// Which engine entry point an artifact gets, and the log report's shape, on the fixtures' real
/// consoles and dumps. Expected panic lines are crash's (meta.json `crash_panic`).
/// </summary>
public sealed class ArtifactAnalysisTests
{
    private const string Fixture = "mini-6.1-lockdep/hung-mutex/kdump-zstd";

    private static string Console(string fixture = Fixture) => Path.Combine(TestFixtures.Folder(fixture), "console.txt");

    [Fact]
    public void A_console_is_a_log_whatever_it_was_uploaded_as_and_a_dump_never_is()
    {
        using var console = new FileByteSource(Console());
        using var dump = new FileByteSource(TestFixtures.DumpFile(Fixture));
        using var elf = new FileByteSource(TestFixtures.DumpFile("mini-6.1-lockdep/warn/kdump-elf31"));

        Assert.True(ArtifactAnalyzer.IsLog(ArtifactKind.ConsoleLog, console));
        Assert.True(ArtifactAnalyzer.IsLog(ArtifactKind.Vmcore, console));
        Assert.False(ArtifactAnalyzer.IsLog(ArtifactKind.Vmcore, dump));
        Assert.False(ArtifactAnalyzer.IsLog(ArtifactKind.Vmcore, elf));
        Assert.False(LogAnalyzer.LooksLikeText(dump));
    }

    [Fact]
    public void Text_that_is_no_kernel_log_uploaded_as_a_vmcore_still_goes_to_the_dump_opener()
    {
        using var notes = new MemoryByteSource("meeting notes: call the customer back on Tuesday\n"u8.ToArray(), "notes.txt");

        Assert.True(LogAnalyzer.LooksLikeText(notes));
        Assert.False(ArtifactAnalyzer.IsLog(ArtifactKind.Vmcore, notes));
        Assert.True(ArtifactAnalyzer.IsLog(ArtifactKind.ConsoleLog, notes));
    }

    [Fact]
    public async Task The_analyzer_gives_a_log_report_for_a_console_and_a_dump_report_for_the_dump_with_the_same_signature()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = CoreHost.Create(db);
        var store = host.Get<IBlobStore>();
        await using (var file = File.OpenRead(Console()))
            await store.WriteAsync("t/console", file, long.MaxValue);
        await using (var file = File.OpenRead(TestFixtures.DumpFile(Fixture)))
            await store.WriteAsync("t/dump", file, long.MaxValue);
        await using var scope = host.Services.CreateAsyncScope();
        var analyzer = scope.ServiceProvider.GetRequiredService<IArtifactAnalyzer>();

        var fromLog = await analyzer.AnalyzeAsync(new(Guid.NewGuid(), Guid.NewGuid(), "console.txt", ArtifactKind.ConsoleLog, "t/console"), CancellationToken.None);
        var fromDump = await analyzer.AnalyzeAsync(new(Guid.NewGuid(), Guid.NewGuid(), "dump.zstd", ArtifactKind.Vmcore, "t/dump"), CancellationToken.None);

        Assert.True(fromLog.IsLog);
        Assert.Null(fromLog.DebugKernel);
        Assert.Null(fromLog.BuildId);
        Assert.Equal("console.txt", fromLog.Report.Log!.Name);
        Assert.False(fromDump.IsLog);
        Assert.NotNull(fromDump.Report.Dump);
        Assert.Equal(fromDump.Report.Dump!.BuildId?.ToLowerInvariant(), fromDump.BuildId);
        Assert.False(fromDump.DebugKernel!.Used);
        Assert.Equal("Kernel panic - not syncing: hung_task: blocked tasks", fromLog.Report.PanicLine);
        Assert.Equal(fromDump.Report.PanicLine, fromLog.Report.PanicLine);
        Assert.Equal(fromDump.Report.Triage!.Primary!.Signature, fromLog.Report.Triage!.Primary!.Signature);
    }

    /// <summary>
    /// Two dumps of one Debian build in one organisation, no debug kernel: the first is analysed from its
    /// own kallsyms and BTF and leaves their profile in the store; the second is analysed with it, into
    /// the report it gives alone (but for where the symbols came from). Another organisation keeps its own.
    /// </summary>
    [Fact]
    public async Task The_first_dump_of_a_build_keeps_its_kallsyms_and_BTF_for_the_next_dump_of_that_build()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = CoreHost.Create(db);
        var store = host.Get<IBlobStore>();
        const string first = "debian-6.1-cloud/sysrq-c/kdump-zlib", second = "debian-6.1-cloud/hung-mutex/kdump-zstd";
        foreach (var (key, fixture) in new[] { ("t/first", first), ("t/second", second) })
            await using (var file = File.OpenRead(TestFixtures.DumpFile(fixture)))
                await store.WriteAsync(key, file, long.MaxValue);
        Guid organization = Guid.NewGuid(), other = Guid.NewGuid();
        await using var scope = host.Services.CreateAsyncScope();
        var analyzer = scope.ServiceProvider.GetRequiredService<IArtifactAnalyzer>();

        var one = await analyzer.AnalyzeAsync(new(organization, Guid.NewGuid(), "dump.zlib", ArtifactKind.Vmcore, "t/first"), CancellationToken.None);
        Assert.StartsWith("kallsyms in the dump", one.Report.SymbolOrigin);
        Assert.True(await store.ExistsAsync(DumpProfileStore.Key(organization, one.BuildId!)));
        Assert.False(await store.ExistsAsync(DumpProfileStore.Key(other, one.BuildId!)));

        var two = await analyzer.AnalyzeAsync(new(organization, Guid.NewGuid(), "dump.zstd", ArtifactKind.Vmcore, "t/second"), CancellationToken.None);
        var alone = await analyzer.AnalyzeAsync(new(other, Guid.NewGuid(), "dump.zstd", ArtifactKind.Vmcore, "t/second"), CancellationToken.None);

        Assert.Equal(one.BuildId, two.BuildId);
        Assert.StartsWith("kallsyms of this kernel build (kept from an earlier dump)", two.Report.SymbolOrigin);
        Assert.Equal("BTF of this kernel build (kept from an earlier dump)", two.Report.TypeOrigin);
        Assert.False(two.DebugKernel!.Used);
        Assert.StartsWith("kallsyms in the dump", alone.Report.SymbolOrigin);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(alone.Report with { SymbolOrigin = null, TypeOrigin = null }, Crashdesk.Core.Jobs.ReportJson.Options),
            System.Text.Json.JsonSerializer.Serialize(two.Report with { SymbolOrigin = null, TypeOrigin = null }, Crashdesk.Core.Jobs.ReportJson.Options));
    }

    [Fact]
    public void A_log_longer_than_the_limit_is_read_up_to_it_and_the_report_says_so()
    {
        using var console = new FileByteSource(Console("debian-6.1-cloud/sysrq-c/kdump-zlib"));
        int limit = (int)(console.Length / 2);

        var report = LogAnalyzer.Analyze(console, new AnalysisLimits { MaxLogFileBytes = limit });

        Assert.True(report.Log!.Truncated);
        Assert.Equal(limit, report.Log.BytesRead);
        Assert.Equal(console.Length, report.Log.Bytes);
        Assert.Contains(report.Failures, f => f.Extractor == "log" && f.Message.Contains(limit.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void A_crash_at_the_end_of_a_log_longer_than_the_limit_is_still_found()
    {
        // Weeks of harmless syslog lines, then the console of a real crash: the limit keeps the
        // log's start and its end, where the crash that ended it is.
        var console = File.ReadAllBytes(Console("debian-6.1-cloud/oops-null/kdump-lzo"));
        var noise = new System.Text.StringBuilder();
        for (int i = 0; noise.Length < 3 << 20; i++)
            noise.Append(System.Globalization.CultureInfo.InvariantCulture, $"Nov 23 10:{i % 60:00}:00 host systemd[1]: Started session {i} of user root.\n");
        byte[] log = [.. System.Text.Encoding.ASCII.GetBytes(noise.ToString()), .. console];
        int limit = 1 << 20;

        var whole = LogAnalyzer.Analyze(new MemoryByteSource(console, "console.txt"));
        var cut = LogAnalyzer.Analyze(new MemoryByteSource(log, "messages"), new AnalysisLimits { MaxLogFileBytes = limit });

        Assert.True(cut.Log!.Truncated);
        Assert.True(cut.Log.BytesRead <= limit);
        Assert.Contains("bytes of the log left out here", cut.KernelLog, StringComparison.Ordinal);
        Assert.Equal("null-deref", cut.Triage!.Primary!.Class);
        Assert.Equal(whole.Triage!.Primary!.Signature, cut.Triage.Primary.Signature);
        Assert.Equal(whole.PanicLine, cut.PanicLine);
    }

    [Fact]
    public void Junk_bytes_in_a_console_decode_without_changing_the_triage()
    {
        var text = File.ReadAllBytes(Console("debian-6.1-cloud/sysrq-c/kdump-zlib"));
        var clean = LogAnalyzer.Analyze(new MemoryByteSource(text, "clean"));
        // Serial-line garbage: NULs, a Latin-1 byte that is not UTF-8, ANSI colour codes, CRLF endings.
        var junk = new List<byte>();
        junk.AddRange("\0\0\u0007\x1b[1;31m"u8.ToArray());
        junk.Add(0xe9);
        junk.AddRange("\x1b[0m\r\n"u8.ToArray());
        junk.AddRange(Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(text).Replace("\n", "\r\n")));
        var dirty = LogAnalyzer.Analyze(new MemoryByteSource(junk.ToArray(), "dirty"));

        Assert.Equal("latin-1", dirty.Log!.Encoding);
        Assert.DoesNotContain('\0', dirty.KernelLog!);
        Assert.DoesNotContain('\u001b', dirty.KernelLog!);
        Assert.Equal(clean.PanicLine, dirty.PanicLine);
        Assert.Equal(clean.Triage!.Primary!.Signature, dirty.Triage!.Primary!.Signature);
        Assert.Equal(clean.Triage.Primary.Title, dirty.Triage.Primary.Title);
    }

    [Fact]
    public void A_utf16_console_with_a_byte_order_mark_is_decoded()
    {
        string text = File.ReadAllText(Console("debian-6.1-cloud/sysrq-c/kdump-zlib"));
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray();
        using var source = new MemoryByteSource(utf16, "utf16.txt");

        Assert.True(ArtifactAnalyzer.IsLog(ArtifactKind.Vmcore, source));
        var report = LogAnalyzer.Analyze(source);

        Assert.Equal("utf-16le", report.Log!.Encoding);
        Assert.Equal("Kernel panic - not syncing: sysrq triggered crash", report.PanicLine);
    }

    [Fact]
    public void A_multi_byte_character_cut_by_the_limit_does_not_turn_the_log_into_latin_1()
    {
        var bytes = "[    1.000000] caf\u00e9 \u00e9"u8.ToArray();
        var (text, encoding) = LogTextDecoder.Decode(bytes.AsSpan(0, bytes.Length - 1));

        Assert.Equal("utf-8", encoding);
        Assert.Equal("[    1.000000] caf\u00e9 ", text);
    }
}
