namespace Crashdesk.Analysis.IO;

/// <summary>
/// Passes reads through to another byte source and records the ranges it served, so that what a piece of the
/// engine reads of a file can be known (the triage excerpt of a dump, the bytes an analysis costs over S3).
/// </summary>
public sealed class ReadRecorder(IByteSource inner) : IByteSource
{
    private readonly ByteRanges _read = new();
    private readonly Lock _lock = new();
    private long _reads;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public long Length => inner.Length;

    /// <summary>How many reads were made.</summary>
    public long ReadCount => Interlocked.Read(ref _reads);

    /// <summary>What was read so far, each byte once.</summary>
    public ByteRanges Read()
    {
        var copy = new ByteRanges();
        lock (_lock)
        {
            foreach (var (offset, length) in _read.Ranges)
                copy.Add(offset, length);
        }
        return copy;
    }

    /// <inheritdoc />
    public int Read(long offset, Span<byte> destination)
    {
        int n = inner.Read(offset, destination);
        Interlocked.Increment(ref _reads);
        if (n > 0)
        {
            lock (_lock)
                _read.Add(offset, n);
        }
        return n;
    }

    /// <summary>Leaves the inner source open: its owner disposes it.</summary>
    public void Dispose()
    {
    }
}
