using Crashdesk.Analysis;
using System.Text.Json;
using Xunit.Abstractions;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Reports;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Storage;

/// <summary>
/// A full analysis (every extractor, every task's stack) read straight from S3 (s3rver): the same
/// report as from the local file, and what it costs. Two paths: with the kernel's profile (the
/// service's path once the debug kernel is in the library or came from debuginfod) the dump is read
/// only for the machine's state, and the ceiling is 5 % of the file; without any debug kernel the
/// engine reads the kernel's own kallsyms (~5 % of the compressed file) and BTF (~10 %: the blob is read
/// whole to index its type names, BTF has no name index), so that ceiling is today's figure plus a
/// small margin (docs/storage.md, "Bytes read over S3"), and a second check bounds the byte source's
/// own overhead against what the engine asked for. The only ELF fixture is of the mini kernel (no BTF),
/// where the type-driven extractors are skipped.
/// </summary>
public sealed class S3FullAnalysisTests(ITestOutputHelper output)
{
    private readonly S3BlobStore _store = TestStores.S3();

    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib", 23)]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", 22)]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", 23)]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31", 10)]
    public async Task Full_analysis_through_S3_matches_the_file_and_fetches_a_bounded_share(string fixture, int maxPercent)
    {
        var run = await AnalyzeOverS3Async(fixture, new AnalysisOptions(), "", maxPercent);
        // Whole blocks around ~1 KB compressed pages, and read-ahead past the end of each sequential
        // walk, cost some bytes over what the engine asked for: bounded here.
        Assert.True(run.Fetched <= run.Asked * 135 / 100 + S3ByteSource.MaxReadAheadBytes,
            $"fetched {run.Fetched} bytes for {run.Asked} bytes asked: the block cache wastes too much");
    }

    /// <summary>
    /// The service's usual path: the debug kernel's profile is in the library (or came from
    /// debuginfod), so symbols, types and ORC come from the profile and the dump is read only for
    /// the state of the machine.
    /// </summary>
    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib", 5)]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", 5)]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", 5)]
    public Task Full_analysis_with_the_kernel_profile_through_S3_fetches_a_bounded_share(string fixture, int maxPercent) =>
        AnalyzeOverS3Async(fixture, new AnalysisOptions { DebugInfo = DebianProfile.Value }, "-profile", maxPercent);

    /// <summary>
    /// No debug kernel, but an earlier dump of the same build left its kallsyms and BTF
    /// (DumpProfileBuilder, as ArtifactAnalyzer keeps them): what every dump after the first of a build
    /// costs. More than with the debug kernel's profile (ORC is still searched in the dump's memory, as
    /// without any): 4.2–5.5 % measured, so the ceiling is that plus a margin.
    /// </summary>
    [Theory]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", 7)]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", 7)]
    public async Task Full_analysis_with_a_kept_dump_profile_through_S3_fetches_a_bounded_share(string fixture, int maxPercent)
    {
        var run = await AnalyzeOverS3Async(fixture, new AnalysisOptions { DebugInfo = KeptDumpProfile.Value }, "-kept-profile", maxPercent);
        Assert.StartsWith("kallsyms of this kernel build", run.Report.SymbolOrigin);
        Assert.NotNull(run.Report.TaskBacktraces);
    }

    private sealed record S3Run(AnalysisReport Report, long Fetched, long Asked);

    /// <summary>
    /// Analyses <paramref name="fixture"/> from s3rver with <paramref name="options"/> and from the local file
    /// the same way; asserts the same report and at most <paramref name="maxPercent"/> of the file fetched;
    /// writes every GET with the read that caused it (<see cref="WriteFetchLog"/>).
    /// </summary>
    private async Task<S3Run> AnalyzeOverS3Async(string fixture, AnalysisOptions options, string logSuffix, int maxPercent)
    {
        var key = await FixtureObjects.UploadAsync(_store, fixture);
        using var s3 = (S3ByteSource)await _store.OpenByteSourceAsync(key);
        var fetches = new List<S3BlockFetch>();
        s3.FetchObserver = f =>
        {
            lock (fetches)
                fetches.Add(f);
        };
        using var recorded = new RecordingByteSource(s3);
        using var file = new FileByteSource(TestFixtures.DumpFile(fixture));
        long length = file.Length;

        var fromS3 = DumpAnalyzer.Analyze(recorded, options);
        var fromFile = DumpAnalyzer.Analyze(file, options);

        long asked = recorded.DistinctBytes();
        string log = WriteFetchLog(fixture + logSuffix, fetches);
        output.WriteLine($"{fixture}{logSuffix}: fetched {s3.BytesFetched} of {length} bytes ({100.0 * s3.BytesFetched / length:F2} %) in {s3.RequestCount} requests; "
            + $"the engine made {recorded.Reads.Count} reads asking for {asked} distinct bytes ({100.0 * asked / length:F2} %); every GET with its read: {log}");
        Assert.Equal(JsonSerializer.Serialize(fromFile, ReportJson.Options), JsonSerializer.Serialize(fromS3, ReportJson.Options));
        Assert.True(s3.BytesFetched * 100 <= length * maxPercent,
            $"fetched {s3.BytesFetched} of {length} bytes ({100.0 * s3.BytesFetched / length:F1} %, ceiling {maxPercent} %) in {s3.RequestCount} requests");
        return new S3Run(fromS3, s3.BytesFetched, asked);
    }

    private static readonly Lazy<Crashdesk.Analysis.Profiles.KernelProfile> KeptDumpProfile = new(() =>
    {
        using var file = new FileByteSource(TestFixtures.DumpFile("debian-6.1-cloud/sysrq-c/kdump-zlib"));
        Crashdesk.Analysis.Context.KernelContext? context = null;
        DumpAnalyzer.Analyze(file, new AnalysisOptions { OnKernelContext = c => context = c });
        return Crashdesk.Analysis.Context.DumpProfileBuilder.TryBuild(context!, Crashdesk.Analysis.Reports.ProfileTypes.All)!;
    });

    private static readonly Lazy<Crashdesk.Analysis.Profiles.KernelProfile> DebianProfile = new(() =>
    {
        // Stored and loaded as the service does: the built profile still points into the mapped vmlinux.
        using var kernel = Crashdesk.Analysis.Profiles.DebugKernel.Open(TestFixtures.Vmlinux("debian-6.1-cloud"));
        using var bytes = new MemoryStream();
        Crashdesk.Analysis.Profiles.KernelProfileSerializer.Write(Crashdesk.Analysis.Profiles.KernelProfileBuilder.Build(kernel, Crashdesk.Analysis.Reports.ProfileTypes.All), bytes);
        return Crashdesk.Analysis.Profiles.KernelProfileSerializer.Read(bytes.ToArray(), "the Debian kernel's profile");
    });

    /// <summary>Every GET with the read that caused it, as a TSV in the test's output directory.</summary>
    private static string WriteFetchLog(string fixture, List<S3BlockFetch> fetches)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "s3-fetches", fixture.Replace('/', '_') + ".tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, ["read_offset\tread_length\tget_start\tget_length\tread_ahead"]);
        lock (fetches)
            File.AppendAllLines(path, fetches.Select(f => $"{f.ReadOffset}\t{f.ReadLength}\t{f.Start}\t{f.Length}\t{f.ReadAheadBytes}"));
        return path;
    }
}
