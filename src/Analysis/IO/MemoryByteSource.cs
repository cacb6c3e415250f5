namespace Crashdesk.Analysis.IO;

/// <summary>A byte source over bytes already in memory (small files, tests, a cached header).</summary>
public sealed class MemoryByteSource : IByteSource
{
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <summary>Wraps <paramref name="bytes"/> (not copied).</summary>
    public MemoryByteSource(ReadOnlyMemory<byte> bytes, string name = "memory")
    {
        _bytes = bytes;
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public long Length => _bytes.Length;

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= _bytes.Length)
            return 0;
        int n = (int)Math.Min(destination.Length, _bytes.Length - offset);
        _bytes.Span.Slice((int)offset, n).CopyTo(destination);
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
