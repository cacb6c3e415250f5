using Xunit.Abstractions;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Storage;

/// <summary>The engine reading dumps straight from S3 (s3rver) by ranged GETs, and what that costs.</summary>
public sealed class S3ByteSourceTests(ITestOutputHelper output)
{
    private readonly S3BlobStore _store = TestStores.S3();

    /// <summary>
    /// The kernel log read through S3 equals crash's `log`,
    /// while fetching under 10 % of the dump (kdump-compressed and ELF fixtures). This is the log
    /// path alone (open + kernel-log extractor): a full analysis also loads BTF and walks every task,
    /// which legitimately touches more memory (<see cref="S3FullAnalysisTests"/>). The second
    /// ceiling (hundredths of a percent) is what 64 KiB blocks fetched before 4 KiB blocks with
    /// read-ahead: 3.97 % and 1.70 %; it must not grow back.
    /// </summary>
    [Theory]
    [InlineData("debian-6.1-cloud/sysrq-c/kdump-zlib", 397)]
    [InlineData("mini-6.1-lockdep/warn/kdump-elf31", 170)]
    public async Task Kernel_log_through_S3_matches_crash_while_fetching_under_10_percent(string fixture, int ceilingBasisPoints)
    {
        var key = await FixtureObjects.UploadAsync(_store, fixture);
        using var source = (S3ByteSource)await _store.OpenByteSourceAsync(key);
        long length = new FileInfo(TestFixtures.DumpFile(fixture)).Length;
        Assert.Equal(length, source.Length);

        var log = KernelLogExtractor.Extract(KernelTarget.Open(source)).ToCrashText();

        output.WriteLine($"{fixture}: fetched {source.BytesFetched} of {length} bytes ({100.0 * source.BytesFetched / length:F2} %) in {source.RequestCount} requests");
        Assert.Equal(TestFixtures.CrashLog(fixture), log);
        Assert.True(source.BytesFetched > 0, "nothing was fetched: is the counter wired?");
        Assert.True(source.BytesFetched < length / 10,
            $"fetched {source.BytesFetched} of {length} bytes ({100.0 * source.BytesFetched / length:F1} %) in {source.RequestCount} requests");
        Assert.True(source.BytesFetched * 10_000 <= length * ceilingBasisPoints,
            $"fetched {100.0 * source.BytesFetched / length:F2} %, more than the {ceilingBasisPoints / 100.0:F2} % of 64 KiB blocks");
    }

    [Fact]
    public async Task Scattered_reads_fetch_their_own_blocks_once()
    {
        var (source, expected) = await SourceAsync(10 * 4096 + 100, cacheBlocks: 64);
        using var _ = source;
        var buffer = new byte[10];

        source.Read(5000, buffer);            // block 1
        source.Read(5100, buffer);            // block 1 again: cached
        source.Read(8 * 4096 + 7, buffer);    // block 8: far away, no read-ahead
        Assert.Equal(2, source.RequestCount);
        Assert.Equal(2 * 4096, source.BytesFetched);
        Assert.True(expected.AsSpan(8 * 4096 + 7, 10).SequenceEqual(buffer));

        var tail = new byte[4096];
        Assert.Equal(100, source.Read(expected.Length - 100, tail)); // the last block is short
        Assert.Equal(2 * 4096 + 100, source.BytesFetched);
    }

    [Fact]
    public async Task A_read_over_missing_blocks_is_one_request()
    {
        var (source, expected) = await SourceAsync(10 * 4096 + 100, cacheBlocks: 64);
        using var _ = source;

        var span = new byte[4096 * 2];
        Assert.Equal(span.Length, source.Read(4096 * 3 + 10, span)); // blocks 3, 4, 5
        Assert.True(expected.AsSpan(4096 * 3 + 10, span.Length).SequenceEqual(span));
        Assert.Equal(1, source.RequestCount);
        Assert.Equal(3 * 4096, source.BytesFetched);
    }

    [Fact]
    public async Task Evicted_blocks_are_fetched_again()
    {
        var (source, _) = await SourceAsync(10 * 4096, cacheBlocks: 2);
        using var _s = source;
        var buffer = new byte[10];

        source.Read(1 * 4096, buffer);
        source.Read(5 * 4096, buffer);
        source.Read(9 * 4096, buffer);   // evicts block 1 (capacity 2)
        source.Read(1 * 4096 + 1, buffer);
        Assert.Equal(4, source.RequestCount);
    }

    [Fact]
    public async Task Sequential_reads_read_ahead_in_growing_windows()
    {
        const int length = 64 * 4096;
        var (source, expected) = await SourceAsync(length, cacheBlocks: 1024);
        using var _ = source;
        var fetches = new List<S3BlockFetch>();
        source.FetchObserver = fetches.Add;

        var page = new byte[4096];
        for (int offset = 0; offset < length; offset += page.Length)
        {
            Assert.Equal(page.Length, source.Read(offset, page));
            Assert.True(expected.AsSpan(offset, page.Length).SequenceEqual(page), $"bytes differ at {offset}");
        }

        output.WriteLine(string.Join("\n", fetches.Select(f => $"read {f.ReadOffset}+{f.ReadLength} -> GET {f.Start}+{f.Length} (read-ahead {f.ReadAheadBytes})")));
        Assert.Equal(length, source.BytesFetched);                // nothing fetched twice, nothing past the end
        Assert.True(source.RequestCount <= 10, $"{source.RequestCount} requests for 64 sequential pages");
        Assert.Equal(S3ByteSource.MaxReadAheadBytes + 4096, fetches.Max(f => f.Length)); // the window stops growing
    }

    [Fact]
    public async Task Threads_missing_the_same_block_fetch_it_once()
    {
        var (source, expected) = await SourceAsync(8 * 4096, cacheBlocks: 64);
        using var _ = source;
        const int threads = 8;
        using var start = new Barrier(threads);

        var readers = Enumerable.Range(0, threads).Select(i => Task.Factory.StartNew(() =>
        {
            var buffer = new byte[100];
            start.SignalAndWait();
            source.Read(3 * 4096 + i, buffer);
            return expected.AsSpan(3 * 4096 + i, 100).SequenceEqual(buffer);
        }, TaskCreationOptions.LongRunning)).ToArray();

        Assert.All(await Task.WhenAll(readers), Assert.True);
        Assert.Equal(1, source.RequestCount);
        Assert.Equal(4096, source.BytesFetched);
    }

    private async Task<(S3ByteSource Source, byte[] Expected)> SourceAsync(int length, int cacheBlocks)
    {
        var key = $"bytesource/{Guid.NewGuid():N}";
        var expected = UnsizedStream.Expected(length, seed: 5);
        await _store.WriteAsync(key, new MemoryStream(expected), long.MaxValue);
        var options = TestStores.S3Options();
        return (new S3ByteSource(S3ClientFactory.Create(options), options.Bucket, key, length, blockSize: 4096, cacheBlocks: cacheBlocks), expected);
    }
}
