using Crashdesk.Analysis.IO;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// A byte source under another name: the engine puts <see cref="IByteSource.Name"/> into its
/// messages, and people must read the file name they uploaded, not our storage key. Counts the bytes
/// the engine read through it (<see cref="BytesRead"/>), for the analysis' metrics.
/// </summary>
internal sealed class NamedByteSource(IByteSource inner, string name) : IByteSource
{
    private long _bytesRead;

    public string Name { get; } = name;

    public long Length => inner.Length;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public int Read(long offset, Span<byte> destination)
    {
        int read = inner.Read(offset, destination);
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public void Dispose() => inner.Dispose();
}
