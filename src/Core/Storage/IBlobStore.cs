using Crashdesk.Analysis.IO;

namespace Crashdesk.Core.Storage;

/// <summary>
/// The object store holding artifacts: a local directory (<see cref="LocalBlobStore"/>) or an S3
/// bucket (<see cref="S3BlobStore"/>). Keys are chosen by the service (<see cref="BlobKeys"/>), never
/// by users. Both pass one contract test suite.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Streams <paramref name="content"/> to <paramref name="key"/> without buffering it whole,
    /// computing its size and SHA-256 on the way. A body longer than <paramref name="maxBytes"/>
    /// throws <see cref="BlobTooLargeException"/>; that and any other failure (cancellation, a broken
    /// connection) leaves nothing under the key: the temp file is deleted / the multipart upload aborted.
    /// </summary>
    Task<BlobWriteResult> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default);

    /// <summary>Positional access for the analysis engine: local file reads, or S3 ranged GETs. Never a full download.</summary>
    Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>A sequential read of the whole object (downloads).</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// A sequential read from byte <paramref name="offset"/> to the end (a resumed or ranged download): a file
    /// seek (a sealed object decrypts from the chunk holding it) or one ranged S3 GET, never a read from the start.
    /// </summary>
    Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every key starting with <paramref name="prefix"/>, including unfinished uploads' leftovers if the store can see them.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}
