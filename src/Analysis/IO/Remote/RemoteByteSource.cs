using Crashdesk.Analysis.Caching;

namespace Crashdesk.Analysis.IO.Remote;

/// <summary>
/// An <see cref="IByteSource"/> whose bytes are read through a <see cref="RemoteChannel"/>: the engine in a
/// child process reads the dump the service holds (its object-store reader, caching and counters stay
/// there). Each request is a round trip to the other process, so small reads are served from aligned blocks
/// of <see cref="BlockBytes"/> kept in a bounded LRU (the engine reads page by page, mostly near the last page:
/// the log buffer, a kdump's compressed pages); a read of a block or more goes whole, split into requests of
/// at most <see cref="RemoteFrames.MaxReadBytes"/>.
/// </summary>
public sealed class RemoteByteSource(RemoteChannel channel) : IByteSource
{
    /// <summary>
    /// Bytes fetched per small read: the object store's own read block (S3Options.ReadBlockBytes, 2 KiB), so each
    /// block the child asks for is one block the store fetches and the child makes the store read no more than the
    /// engine in the worker's own process would (16 KiB blocks doubled what a full analysis fetched over S3:
    /// 11.8 % of the Debian sysrq-c dump against 5.2 %).
    /// </summary>
    public const int BlockBytes = 2 << 10;

    /// <summary>Blocks kept (16 MiB).</summary>
    public const int CachedBlocks = 8192;

    private readonly BoundedLru<long, byte[]> _blocks = new(CachedBlocks);

    /// <inheritdoc />
    public string Name => channel.Name;

    /// <inheritdoc />
    public long Length => channel.Length;

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (offset >= Length || destination.IsEmpty)
            return 0;
        if (destination.Length > Length - offset)
            destination = destination[..(int)(Length - offset)];
        return destination.Length >= BlockBytes ? ReadDirect(offset, destination) : ReadCached(offset, destination);
    }

    private int ReadCached(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            long position = offset + total;
            var block = Block(position / BlockBytes);
            int within = (int)(position % BlockBytes);
            if (within >= block.Length)
                break;
            int n = Math.Min(block.Length - within, destination.Length - total);
            block.AsSpan(within, n).CopyTo(destination[total..]);
            total += n;
        }
        return total;
    }

    private byte[] Block(long index)
    {
        if (_blocks.TryGet(index, out var cached))
            return cached;
        long start = index * BlockBytes;
        var block = new byte[(int)Math.Min(BlockBytes, Length - start)];
        int read = ReadDirect(start, block);
        if (read < block.Length)
            block = block[..read];
        _blocks.Set(index, block);
        return block;
    }

    private int ReadDirect(long offset, Span<byte> destination)
    {
        int total = 0;
        while (total < destination.Length)
        {
            var part = destination[total..];
            if (part.Length > RemoteFrames.MaxReadBytes)
                part = part[..RemoteFrames.MaxReadBytes];
            int read = channel.Read(offset + total, part);
            if (read == 0)
                break;
            total += read;
        }
        return total;
    }

    /// <summary>Closes the channel.</summary>
    public void Dispose() => channel.Dispose();
}
