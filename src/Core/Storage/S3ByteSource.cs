using Crashdesk.Analysis.IO;
using Minio;

namespace Crashdesk.Core.Storage;

/// <summary>
/// An S3 object read by ranged GETs through a bounded LRU cache of fixed-size blocks, so the engine's
/// many small positional reads cost one request per block touched and a dump is never downloaded
/// whole. <see cref="BytesFetched"/> counts what actually crossed the network (tests assert on it).
/// Thread-safe: the cache is locked; a block two threads miss at once may be fetched twice (counted twice).
/// </summary>
public sealed class S3ByteSource : IByteSource
{
    private readonly S3ObjectReader _reader;
    private readonly string _key;
    private readonly int _blockSize;
    private readonly BlockCache _cache;
    private long _bytesFetched;
    private long _requests;

    public S3ByteSource(IMinioClient client, string bucket, string key, long length, int blockSize, int cacheBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 512);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheBlocks, 1);
        _reader = new S3ObjectReader(client, bucket, key);
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
        var block = new byte[end - start + 1];
        _reader.ReadRange(start, block);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytesFetched, block.Length);
        _cache.Add(index, block);
        return block;
    }
}
