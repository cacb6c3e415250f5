using Crashdesk.Analysis.IO;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// A fake: a real store whose byte sources pass the first <c>healthyReads</c> reads through and then throw an
/// <see cref="IOException"/> (as a store that went down mid-analysis would), while <see cref="Failing"/> is set.
/// Opening works; everything else passes through.
/// </summary>
public sealed class FakeMidReadFailingBlobStore(int healthyReads)
{
    private int _reads;

    /// <summary>Reads that succeed before the store fails.</summary>
    public int HealthyReads { get; } = healthyReads;

    /// <summary>Whether reads past the healthy ones fail (clear it to let the next attempt through).</summary>
    public bool Failing { get; set; } = true;

    /// <summary>The reads that failed.</summary>
    public int FailedReads { get; private set; }

    public IBlobStore Wrapping(IBlobStore inner) => new Store(this, inner);

    private sealed class Store(FakeMidReadFailingBlobStore owner, IBlobStore inner) : DelegatingBlobStore(inner)
    {
        public override async Task<IByteSource> OpenByteSourceAsync(string key, CancellationToken cancellationToken = default) =>
            new Source(owner, await base.OpenByteSourceAsync(key, cancellationToken));
    }

    private sealed class Source(FakeMidReadFailingBlobStore owner, IByteSource inner) : IByteSource
    {
        public string Name => inner.Name;

        public long Length => inner.Length;

        public int Read(long offset, Span<byte> destination)
        {
            lock (owner)
            {
                if (owner.Failing && ++owner._reads > owner.HealthyReads)
                {
                    owner.FailedReads++;
                    throw new IOException("the object store stopped answering (fake)");
                }
            }
            return inner.Read(offset, destination);
        }

        public void Dispose() => inner.Dispose();
    }
}
