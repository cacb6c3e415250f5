using Crashdesk.Analysis.IO;

namespace Crashdesk.Core.Analyses;

/// <summary>
/// A byte source under another name: the engine puts <see cref="IByteSource.Name"/> into its
/// messages, and people must read the file name they uploaded, not our storage key. Counts the bytes
/// the engine read through it (<see cref="BytesRead"/>), for the analysis' metrics, and keeps the first
/// exception a read threw (<see cref="FirstReadFailure"/>): the engine records a failed read as one extractor's
/// failure and goes on, but a store that failed mid-analysis must end it as a failure to retry, not as a report.
/// </summary>
internal sealed class NamedByteSource(IByteSource inner, string name) : IByteSource
{
    private long _bytesRead;
    private Exception? _firstReadFailure;

    public string Name { get; } = name;

    public long Length => inner.Length;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The first exception a read of the inner source threw, or null.</summary>
    public Exception? FirstReadFailure => Volatile.Read(ref _firstReadFailure);

    public int Read(long offset, Span<byte> destination)
    {
        int read;
        try
        {
            read = inner.Read(offset, destination);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _firstReadFailure, e, null);
            throw;
        }
        Interlocked.Add(ref _bytesRead, read);
        return read;
    }

    public void Dispose() => inner.Dispose();
}
