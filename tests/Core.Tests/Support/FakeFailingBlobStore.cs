using Crashdesk.Analysis.IO;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// A fake: a real store whose <see cref="IBlobStore.OpenByteSourceAsync"/> throws an
/// <see cref="IOException"/> (a transient failure, as a network error would be) for the first
/// <c>failures</c> calls, then passes through. Counts the calls.
/// </summary>
public sealed class FakeFailingBlobStore(int failures)
{
    private readonly int _failures = failures;
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IBlobStore Wrapping(IBlobStore inner) => new Store(this, inner);

    private sealed class Store(FakeFailingBlobStore owner, IBlobStore inner) : DelegatingBlobStore(inner)
    {
        public override Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref owner._calls) <= owner._failures
                ? throw new IOException("the object store did not answer (fake)")
                : base.OpenByteSourceAsync(key, cancellationToken);
    }
}
