using Crashdesk.Analysis.IO;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// The base of the test fakes that wrap a real store: every call passes to <paramref name="inner"/> unless the
/// fake overrides it (a fake changes one behaviour and keeps the rest real).
/// </summary>
public abstract class DelegatingBlobStore(IBlobStore inner) : IBlobStore
{
    public virtual Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default) =>
        inner.OpenByteSourceAsync(key, cancellationToken);

    public virtual Task<BlobWriteResult> WriteAsync(string key, Stream content, long maxBytes, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(key, content, maxBytes, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, offset, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListKeysAsync(prefix, cancellationToken);
}
