using Crashdesk.Analysis.IO;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// Passes reads through to another byte source and records what the engine asked for (offset and
/// length of every read), so a test can compare the engine's demand with what the S3 source fetched.
/// </summary>
public sealed class RecordingByteSource(IByteSource inner) : IByteSource
{
    private readonly List<(long Offset, int Length)> _reads = [];
    private readonly Lock _lock = new();

    public string Name => inner.Name;

    public long Length => inner.Length;

    /// <summary>Every read so far, in call order.</summary>
    public IReadOnlyList<(long Offset, int Length)> Reads
    {
        get
        {
            lock (_lock)
                return [.. _reads];
        }
    }

    /// <summary>Bytes asked for, counting overlaps once (the union of every read's range).</summary>
    public long DistinctBytes()
    {
        long total = 0, end = -1;
        foreach (var (offset, length) in Reads.OrderBy(r => r.Offset))
        {
            long stop = Math.Min(offset + length, Length);
            if (stop <= end)
                continue;
            total += stop - Math.Max(offset, end);
            end = stop;
        }
        return total;
    }

    public int Read(long offset, Span<byte> destination)
    {
        lock (_lock)
            _reads.Add((offset, destination.Length));
        return inner.Read(offset, destination);
    }

    public void Dispose() => inner.Dispose();
}
