using System.Security.Cryptography;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Storage;

/// <summary>
/// The contract against a real S3 server (s3rver from ./test.sh) with a 5 MiB head, plus what only
/// the S3 store has: the Minio SDK's own 16 MiB parts, incomplete uploads, listing past one page.
/// </summary>
public sealed class S3BlobStoreTests : BlobStoreContract
{
    private readonly S3BlobStore _store = TestStores.S3(PartSize);
    private readonly string _prefix = $"s3store/{Guid.NewGuid():N}/";

    protected override IBlobStore Store => _store;

    protected override async Task AssertNoPendingUploadsAsync(string prefix) =>
        Assert.Empty(await _store.ListPendingUploadsAsync(prefix));

    [Fact]
    public async Task A_body_of_several_SDK_parts_is_stored_whole()
    {
        const int length = 2 * S3UploadBody.StreamedPartBytes + 1234;
        var expected = UnsizedStream.Expected(length, seed: 7);

        var result = await _store.WriteAsync(_prefix + "big", new UnsizedStream(length, seed: 7), long.MaxValue);

        Assert.Equal(length, result.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), result.Sha256);
        await using var read = await _store.OpenReadAsync(_prefix + "big");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), Convert.ToHexStringLower(await SHA256.HashDataAsync(read)));
        Assert.Empty(await _store.ListPendingUploadsAsync(_prefix));
    }

    [Fact]
    public async Task A_streamed_upload_is_pending_while_it_runs_and_removed_when_it_fails()
    {
        var release = new TaskCompletionSource();
        var body = new GatedStream(new UnsizedStream(3 * PartSize), gateAt: PartSize + 10, release.Task);

        var write = _store.WriteAsync(_prefix + "slow", body, long.MaxValue);
        await body.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        // Past the 5 MiB head the SDK has created the multipart upload: the listing must see it,
        // or the "nothing left" checks of the contract would prove nothing.
        Assert.Equal([_prefix + "slow"], await _store.ListPendingUploadsAsync(_prefix));
        release.SetResult();
        await Assert.ThrowsAsync<IOException>(() => write);
        Assert.Empty(await _store.ListPendingUploadsAsync(_prefix));
        Assert.False(await _store.ExistsAsync(_prefix + "slow"));
    }

    [Fact]
    public async Task Listing_follows_continuation_past_1000_keys()
    {
        const int count = 1001; // ListObjectsV2 returns at most 1000 keys per page
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await _store.WriteAsync($"{_prefix}many/{i:d4}", new MemoryStream([1]), 10, ct));

        var keys = new List<string>();
        await foreach (var key in _store.ListKeysAsync(_prefix + "many/"))
            keys.Add(key);

        Assert.Equal(count, keys.Distinct().Count());
    }

    /// <summary>Blocks the read that reaches <paramref name="gateAt"/> bytes until released, then fails like a dropped connection.</summary>
    private sealed class GatedStream(Stream inner, long gateAt, Task release) : Stream
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _read;

        public Task Reached => _reached.Task;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= gateAt)
            {
                _reached.TrySetResult();
                await release.WaitAsync(cancellationToken);
                throw new IOException("simulated broken connection");
            }
            int n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, gateAt - _read)], cancellationToken);
            _read += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
