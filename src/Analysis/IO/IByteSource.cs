namespace Crashdesk.Analysis.IO;

/// <summary>
/// Positional, thread-safe access to the bytes of one file-like object (a local file, an S3 object
/// read by ranges). The engine never loads a dump whole: every layer above reads through this.
/// </summary>
public interface IByteSource : IDisposable
{
    /// <summary>A name for messages (file name or object key); never a secret.</summary>
    string Name { get; }

    /// <summary>Total length in bytes.</summary>
    long Length { get; }

    /// <summary>
    /// Reads up to <paramref name="destination"/>.Length bytes starting at <paramref name="offset"/>.
    /// Returns the number of bytes read: fewer than requested only at the end of the source.
    /// </summary>
    int Read(long offset, Span<byte> destination);
}
