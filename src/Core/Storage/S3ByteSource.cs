using Amazon.S3;
using Amazon.S3.Model;
using Crashdesk.Analysis.IO;

namespace Crashdesk.Core.Storage;

/// <summary>
/// An S3 object read by ranged GETs through a bounded LRU cache of fixed-size blocks, so the engine's
/// many small positional reads cost one request per block touched and a dump is never downloaded
/// whole. <see cref="BytesFetched"/> counts what actually crossed the network (tests assert on it).
/// Thread-safe: the cache is locked; a block two threads miss at once may be fetched twice (counted twice).
/// </summary>
public sealed class S3ByteSource : IByteSource
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly int _blockSize;
    private readonly BlockCache _cache;
    private long _bytesFetched;
    private long _requests;

    public S3ByteSource(IAmazonS3 client, string bucket, string key, long length, int blockSize, int cacheBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 512);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheBlocks, 1);
        _client = client;
        _bucket = bucket;
        _key = key;
        _blockSize = blockSize;
        _cache = new BlockCache(cacheBlocks);
        Length = length;
    }

    public string Name => _key;

    public long Length { get; }

    /// <summary>Bytes received from S3 so far.</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    /// <summary>Ranged GET requests made so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
            return 0;
        int total = 0;
        while (total < destination.Length && offset + total < Length)
        {
            long position = offset + total;
            long blockIndex = position / _blockSize;
            var block = GetBlock(blockIndex);
            int within = (int)(position - blockIndex * _blockSize);
            int n = Math.Min(block.Length - within, destination.Length - total);
            if (n <= 0)
                break;
            block.AsSpan(within, n).CopyTo(destination[total..]);
            total += n;
        }
        return total;
    }

    public void Dispose()
    {
        // The client is shared (owned by the store); only the cache goes.
        _cache.Clear();
    }

    private byte[] GetBlock(long index)
    {
        if (_cache.TryGet(index, out var cached))
            return cached;
        long start = index * _blockSize;
        long end = Math.Min(start + _blockSize, Length) - 1;
        // IByteSource is synchronous (the engine reads like a file); AWSSDK v4 only has async calls.
        var block = FetchAsync(start, end).GetAwaiter().GetResult();
        _cache.Add(index, block);
        return block;
    }

    private async Task<byte[]> FetchAsync(long start, long end)
    {
        var request = new GetObjectRequest { BucketName = _bucket, Key = _key, ByteRange = new ByteRange(start, end) };
        using var response = await _client.GetObjectAsync(request).ConfigureAwait(false);
        var block = new byte[end - start + 1];
        int filled = 0;
        while (filled < block.Length)
        {
            int n = await response.ResponseStream.ReadAsync(block.AsMemory(filled)).ConfigureAwait(false);
            if (n == 0)
                throw new IOException($"S3 object '{_key}' ended at {start + filled} while reading bytes {start}-{end} (object changed?)");
            filled += n;
        }
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytesFetched, filled);
        return block;
    }
}
