namespace Crashdesk.Analysis.IO.Remote;

/// <summary>
/// An <see cref="IByteSource"/> whose bytes are read through a <see cref="RemoteChannel"/>: the engine in a
/// child process reads the dump the service holds (its object-store reader, caching and counters stay
/// there). A read larger than <see cref="RemoteFrames.MaxReadBytes"/> goes as several requests.
/// </summary>
public sealed class RemoteByteSource(RemoteChannel channel) : IByteSource
{
    /// <inheritdoc />
    public string Name => channel.Name;

    /// <inheritdoc />
    public long Length => channel.Length;

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        int total = 0;
        while (total < destination.Length && offset + total < Length)
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
