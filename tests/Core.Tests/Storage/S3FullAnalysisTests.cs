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
/// A full analysis (every extractor, every task's stack; no debug kernel: BTF and kallsyms from the
/// dump) read straight from S3 (s3rver): the same report as from the local file, and what it costs.
/// The Debian dumps carry BTF, so tasks, backtraces, locks and kmem run; the only ELF fixture is of
/// the mini kernel (no BTF), where the type-driven extractors are skipped.
/// <para>The goal was 10 % of the dump. The ELF dump meets it; the Debian dumps cannot while the
/// analysis reads what it reads today (docs/storage.md, "Bytes read over S3"): of the compressed
/// file the BTF blob (4 MB in memory, read whole to index its type names) alone is ~10 %, kallsyms
/// ~5 % and kmem's walk of every struct page (crash's `kmem -i` SLAB and SHARED) ~5.5 %. So these
/// ceilings are today's figures plus a small margin, and a second check bounds the byte source's
/// own overhead against what the engine asked for.</para>
/// </summary>
public sealed class S3FullAnalysisTests(ITestOutputHelper output)
{
    private readonly S3BlobStore _store = TestStores.S3();

    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib", 30)]
    [InlineData("debian-6.1-cloud/oops-null/kdump-lzo", 31)]
    [InlineData("debian-6.1-cloud/hung-mutex/kdump-zstd", 29)]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31", 10)]
    public async Task Full_analysis_through_S3_matches_the_file_and_fetches_a_bounded_share(string fixture, int maxPercent)
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

        var fromS3 = DumpAnalyzer.Analyze(recorded);
        var fromFile = DumpAnalyzer.Analyze(file);

        long asked = recorded.DistinctBytes();
        string log = WriteFetchLog(fixture, fetches);
        output.WriteLine($"{fixture}: fetched {s3.BytesFetched} of {length} bytes ({100.0 * s3.BytesFetched / length:F2} %) in {s3.RequestCount} requests; "
            + $"the engine made {recorded.Reads.Count} reads asking for {asked} distinct bytes ({100.0 * asked / length:F2} %); every GET with its read: {log}");
        Assert.Equal(JsonSerializer.Serialize(fromFile, ReportJson.Options), JsonSerializer.Serialize(fromS3, ReportJson.Options));
        Assert.True(s3.BytesFetched * 100 <= length * maxPercent,
            $"fetched {s3.BytesFetched} of {length} bytes ({100.0 * s3.BytesFetched / length:F1} %, ceiling {maxPercent} %) in {s3.RequestCount} requests");
        // Whole 4 KiB blocks around ~1 KB compressed pages, and read-ahead past the end of each
        // sequential walk, cost some bytes over what the engine asked for: bounded here.
        Assert.True(s3.BytesFetched <= asked * 135 / 100 + S3ByteSource.MaxReadAheadBytes,
            $"fetched {s3.BytesFetched} bytes for {asked} bytes asked: the block cache wastes too much");
    }

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
