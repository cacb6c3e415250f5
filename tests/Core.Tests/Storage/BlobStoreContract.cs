using System.Security.Cryptography;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Staging;
using Crashdesk.Core.Tests.Support;

namespace Crashdesk.Core.Tests.Storage;

/// <summary>
/// What every <see cref="IBlobStore"/> must do; run against the local directory store and against
/// the S3 store on a real S3 server (s3rver). Each test works under its own key prefix.
/// </summary>
public abstract class BlobStoreContract
{
    protected const int PartSize = 5 * 1024 * 1024;

    protected abstract IBlobStore Store { get; }

    private readonly string _prefix = $"contract/{Guid.NewGuid():N}/";

    private string Key(string name) => _prefix + name;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    [InlineData(PartSize)]                 // exactly one part
    [InlineData(2 * PartSize + 12_345)]    // multipart with a short last part
    public async Task Write_stores_the_bytes_and_reports_size_and_sha256(int length)
    {
        var expected = UnsizedStream.Expected(length, seed: length);
        var result = await Store.WriteAsync(Key("blob"), new UnsizedStream(length, seed: length), long.MaxValue);

        Assert.Equal(length, result.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), result.Sha256);
        await using var read = await Store.OpenReadAsync(Key("blob"));
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public async Task Byte_source_reads_any_range()
    {
        const int length = 3 * 1024 * 1024 + 77;
        var expected = UnsizedStream.Expected(length, seed: 9);
        await Store.WriteAsync(Key("ranged"), new UnsizedStream(length, seed: 9), long.MaxValue);
        using var source = await Store.OpenByteSourceAsync(Key("ranged"));

        Assert.Equal(length, source.Length);
        var random = new Random(3);
        for (int i = 0; i < 40; i++)
        {
            long offset = random.NextInt64(0, length);
            var buffer = new byte[random.Next(1, 300_000)];
            int n = source.Read(offset, buffer);
            int want = (int)Math.Min(buffer.Length, length - offset);
            Assert.Equal(want, n);
            Assert.True(expected.AsSpan((int)offset, want).SequenceEqual(buffer.AsSpan(0, n)), $"bytes differ at offset {offset}");
        }
        Assert.Equal(0, source.Read(length, new byte[10]));
        var tail = new byte[100];
        Assert.Equal(50, source.Read(length - 50, tail));
    }

    [Theory]
    [InlineData(1000, 999)]                    // single-part path
    [InlineData(2 * PartSize + 5, PartSize + 1)] // multipart path: limit crossed in the second part
    public async Task Over_the_limit_throws_and_leaves_nothing(int length, int limit)
    {
        var error = await Assert.ThrowsAsync<BlobTooLargeException>(
            () => Store.WriteAsync(Key("big"), new UnsizedStream(length), limit));

        Assert.Equal(limit, error.MaxBytes);
        Assert.False(await Store.ExistsAsync(Key("big")));
        Assert.Empty(await ListAsync(_prefix));
        await AssertNoPendingUploadsAsync(_prefix);
    }

    [Fact]
    public async Task A_broken_body_leaves_nothing()
    {
        await Assert.ThrowsAsync<IOException>(
            () => Store.WriteAsync(Key("broken"), new UnsizedStream(3 * PartSize, failAfter: PartSize + 100_000), long.MaxValue));

        Assert.Empty(await ListAsync(_prefix));
        await AssertNoPendingUploadsAsync(_prefix);
    }

    [Fact]
    public async Task Cancellation_leaves_nothing()
    {
        using var cancel = new CancellationTokenSource();
        var body = new CancellingStream(new UnsizedStream(3 * PartSize), cancel, after: PartSize + 10);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(Key("cancelled"), body, long.MaxValue, cancel.Token));

        Assert.Empty(await ListAsync(_prefix));
        await AssertNoPendingUploadsAsync(_prefix);
    }

    [Fact]
    public async Task Missing_keys_are_reported_and_delete_is_idempotent()
    {
        Assert.False(await Store.ExistsAsync(Key("nothing")));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenByteSourceAsync(Key("nothing")));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(Key("nothing")));

        await Store.WriteAsync(Key("gone"), new MemoryStream([1, 2, 3]), 10);
        Assert.True(await Store.ExistsAsync(Key("gone")));
        await Store.DeleteAsync(Key("gone"));
        await Store.DeleteAsync(Key("gone"));
        Assert.False(await Store.ExistsAsync(Key("gone")));
    }

    [Fact]
    public async Task List_returns_keys_under_the_prefix()
    {
        await Store.WriteAsync(Key("a/1"), new MemoryStream([1]), 10);
        await Store.WriteAsync(Key("a/2"), new MemoryStream([2]), 10);
        await Store.WriteAsync(Key("b/1"), new MemoryStream([3]), 10);

        Assert.Equal([Key("a/1"), Key("a/2")], (await ListAsync(Key("a/"))).Order(StringComparer.Ordinal));
        Assert.Equal(3, (await ListAsync(_prefix)).Count);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a//b")]
    [InlineData("/abs")]
    [InlineData("Upper")]
    [InlineData("a/./b")]
    [InlineData("")]
    public async Task Invalid_keys_are_refused(string key)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteAsync(key, new MemoryStream([1]), 10));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100_000, 30_001)]
    [InlineData(2 * PartSize + 12_345, 1_000_003)]   // parts sent on S3, a short last part at completion
    public async Task A_staged_upload_sent_in_pieces_and_resumed_becomes_the_object(int length, int piece)
    {
        var staging = ((IHasUploadStaging)Store).UploadStaging;
        var expected = UnsizedStream.Expected(length, seed: length + 1);
        var key = Key("staged");
        var state = await staging.BeginAsync(key, length);
        long offset = 0;
        while (offset < length)
        {
            // Each piece in its own append, as each PATCH is: the state goes out and comes back.
            await using var append = await staging.AppendAsync(key, state, length, offset);
            int n = (int)Math.Min(piece, length - offset);
            await append.WriteAsync(expected.AsMemory((int)offset, n), CancellationToken.None);
            var progress = await append.FinishAsync(CancellationToken.None);
            Assert.Equal(offset + n, progress.Offset);
            (offset, state) = (progress.Offset, progress.State);
        }
        Assert.False(await Store.ExistsAsync(key), "a staged upload is visible before it completes");
        await staging.CompleteAsync(key, state, length);

        await using var read = await Store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(expected, copy.ToArray());
        await AssertNoPendingUploadsAsync(_prefix);
    }

    [Fact]
    public async Task An_aborted_staged_upload_leaves_nothing()
    {
        var staging = ((IHasUploadStaging)Store).UploadStaging;
        var key = Key("aborted");
        var state = await staging.BeginAsync(key, 3 * PartSize);
        await using (var append = await staging.AppendAsync(key, state, 3 * PartSize, 0))
        {
            await append.WriteAsync(new byte[PartSize + 10], CancellationToken.None);
            state = (await append.FinishAsync(CancellationToken.None)).State;
        }

        await staging.AbortAsync(key, state);
        await staging.AbortAsync(key, state); // idempotent

        Assert.False(await Store.ExistsAsync(key));
        await AssertNoPendingUploadsAsync(_prefix);
    }

    protected virtual Task AssertNoPendingUploadsAsync(string prefix) => Task.CompletedTask;

    private async Task<List<string>> ListAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync(prefix))
            keys.Add(key);
        return keys;
    }

    /// <summary>Cancels the token once <paramref name="after"/> bytes were read, as a client disconnect would.</summary>
    private sealed class CancellingStream(Stream inner, CancellationTokenSource cancel, long after) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_read >= after)
                await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            int n = await inner.ReadAsync(buffer, cancellationToken);
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
