using Crashdesk.Analysis.Caching;
using Crashdesk.Analysis.IO;
using Minio;

namespace Crashdesk.Core.Storage;

/// <summary>
/// An S3 object read by ranged GETs through a bounded LRU cache of small fixed-size blocks, so the
/// engine's many small positional reads cost little more than the bytes they ask for and a dump is
/// never downloaded whole. Per read, the blocks missing from the cache become one GET per
/// contiguous run; a read continuing a sequential stream extends its run by a read-ahead window
/// that doubles while the stream lasts (<see cref="SequentialStreams"/>), so long walks through
/// contiguous memory cost few requests while scattered reads fetch only their own blocks.
/// Thread-safe: a block another thread is already fetching is waited for, never fetched twice.
/// <see cref="BytesFetched"/> and <see cref="RequestCount"/> count what crossed the network.
/// </summary>
public sealed class S3ByteSource : IByteSource
{
    /// <summary>Largest read-ahead window (measured on the fixture dumps: larger windows fetch more than they save in requests).</summary>
    internal const int MaxReadAheadBytes = 64 * 1024;

    private readonly S3ObjectReader _reader;
    private readonly string _key;
    private readonly int _blockSize;
    private readonly long _blockCount;
    private readonly BoundedLru<long, byte[]> _cache;
    private readonly SequentialStreams _streams;
    private readonly Dictionary<long, PendingFetch> _inFlight = [];
    private readonly Lock _lock = new();
    private long _bytesFetched;
    private long _requests;

    /// <summary>Reads <paramref name="key"/> (of <paramref name="length"/> bytes) in <paramref name="blockSize"/> blocks, caching up to <paramref name="cacheBlocks"/>.</summary>
    public S3ByteSource(IMinioClient client, string bucket, string key, long length, int blockSize, int cacheBlocks)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 512);
        ArgumentOutOfRangeException.ThrowIfLessThan(cacheBlocks, 1);
        _reader = new S3ObjectReader(client, bucket, key);
        _key = key;
        _blockSize = blockSize;
        _blockCount = (length + blockSize - 1) / blockSize;
        _cache = new BoundedLru<long, byte[]>(cacheBlocks);
        _streams = new SequentialStreams(blockSize, Math.Max(blockSize, MaxReadAheadBytes));
        Length = length;
    }

    /// <inheritdoc />
    public string Name => _key;

    /// <inheritdoc />
    public long Length { get; }

    /// <summary>Bytes received from S3 so far.</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    /// <summary>Ranged GET requests made so far.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    /// <summary>Called after every GET with the read that caused it (tests measure with it).</summary>
    internal Action<S3BlockFetch>? FetchObserver { get; set; }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= Length || destination.IsEmpty)
            return 0;
        long end = Math.Min(offset + destination.Length, Length);
        long first = offset / _blockSize;
        long last = (end - 1) / _blockSize;
        var blocks = new byte[last - first + 1][];
        var (own, waits, readAhead) = Plan(offset, end, first, last, blocks);
        foreach (var fetch in own)
            Fetch(fetch, offset, (int)(end - offset), readAhead);
        foreach (var fetch in own.Concat(waits))
        {
            var fetched = fetch.Wait(_key);
            for (long i = Math.Max(first, fetch.First); i <= Math.Min(last, fetch.First + fetched.Length - 1); i++)
                blocks[i - first] ??= fetched[i - fetch.First];
        }
        int total = 0;
        for (long i = first; i <= last; i++)
        {
            long blockStart = i * _blockSize;
            int from = (int)Math.Max(0, offset - blockStart);
            int to = (int)Math.Min(blocks[i - first].Length, end - blockStart);
            blocks[i - first].AsSpan(from, to - from).CopyTo(destination[total..]);
            total += to - from;
        }
        return total;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The client is shared (owned by the store); only the cache goes.
        _cache.Clear();
    }

    /// <summary>
    /// Under the lock: takes the cached blocks, joins fetches in flight, and claims the missing
    /// blocks as runs (the last one extended by read-ahead when the read continues a stream).
    /// </summary>
    private (List<PendingFetch> Own, HashSet<PendingFetch> Waits, int ReadAhead) Plan(long offset, long end, long first, long last, byte[][] blocks)
    {
        var own = new List<PendingFetch>();
        var waits = new HashSet<PendingFetch>();
        lock (_lock)
        {
            int readAhead = _streams.Observe(offset, end);
            long runStart = -1;
            for (long i = first; i <= last + 1; i++)
            {
                bool missing = false;
                if (i <= last)
                {
                    if (_cache.TryGet(i, out var cached))
                        blocks[i - first] = cached;
                    else if (_inFlight.TryGetValue(i, out var pending))
                        waits.Add(pending);
                    else
                        missing = true;
                }
                if (missing && runStart < 0)
                    runStart = i;
                if (!missing && runStart >= 0)
                {
                    long runEnd = i - 1;
                    if (runEnd == last)
                        runEnd = ExtendByReadAhead(last, readAhead);
                    own.Add(Claim(runStart, runEnd));
                    runStart = -1;
                }
            }
            return (own, waits, readAhead);
        }
    }

    private long ExtendByReadAhead(long last, int readAhead)
    {
        long extra = readAhead == 0 ? 0 : Math.Max(1, readAhead / _blockSize);
        long runEnd = last;
        while (extra-- > 0 && runEnd + 1 < _blockCount && !_cache.ContainsKey(runEnd + 1) && !_inFlight.ContainsKey(runEnd + 1))
            runEnd++;
        return runEnd;
    }

    private PendingFetch Claim(long firstBlock, long lastBlock)
    {
        var fetch = new PendingFetch(firstBlock, (int)(lastBlock - firstBlock + 1));
        for (long i = firstBlock; i <= lastBlock; i++)
            _inFlight[i] = fetch;
        return fetch;
    }

    private void Fetch(PendingFetch fetch, long readOffset, int readLength, int readAhead)
    {
        long start = fetch.First * _blockSize;
        int length = (int)(Math.Min((fetch.First + fetch.Count) * (long)_blockSize, Length) - start);
        byte[][]? blocks = null;
        Exception? error = null;
        try
        {
            var buffer = new byte[length];
            _reader.ReadRange(start, buffer);
            Interlocked.Increment(ref _requests);
            Interlocked.Add(ref _bytesFetched, length);
            Telemetry.CrashdeskTelemetry.S3BytesFetched.Add(length);
            Telemetry.CrashdeskTelemetry.S3Requests.Add(1);
            FetchObserver?.Invoke(new S3BlockFetch(readOffset, readLength, start, length, readAhead));
            blocks = new byte[fetch.Count][];
            for (int i = 0; i < fetch.Count; i++)
                blocks[i] = buffer.AsSpan(i * _blockSize, Math.Min(_blockSize, length - i * _blockSize)).ToArray();
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            lock (_lock)
            {
                for (int i = 0; i < fetch.Count; i++)
                {
                    _inFlight.Remove(fetch.First + i);
                    if (blocks is not null)
                        _cache.TryAdd(fetch.First + i, blocks[i]);
                }
            }
            fetch.Complete(blocks, error);
        }
    }

    /// <summary>A run of blocks one thread is fetching; others needing them wait for it.</summary>
    private sealed class PendingFetch(long first, int count)
    {
        private readonly ManualResetEventSlim _done = new();
        private byte[][]? _blocks;
        private Exception? _error;

        public long First { get; } = first;

        public int Count { get; } = count;

        public void Complete(byte[][]? blocks, Exception? error)
        {
            _blocks = blocks;
            _error = error;
            _done.Set();
        }

        public byte[][] Wait(string key)
        {
            _done.Wait();
            return _blocks ?? throw new IOException($"S3 object '{key}': ranged GET of blocks {First}-{First + Count - 1} failed: {_error?.Message}", _error);
        }
    }
}
