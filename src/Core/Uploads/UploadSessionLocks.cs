using System.Collections.Concurrent;

namespace Crashdesk.Core.Uploads;

/// <summary>
/// One request at a time per session in this process: a client that resumes after a cut may reach the server
/// while the cut request is still being wound up. Across servers the row's revision (optimistic concurrency)
/// refuses the second writer's save.
/// </summary>
internal sealed class UploadSessionLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    /// <summary>Null when another request holds the session for longer than <paramref name="wait"/>.</summary>
    public async Task<IDisposable?> TryEnterAsync(Guid sessionId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        return await semaphore.WaitAsync(wait, cancellationToken) ? new Release(semaphore) : null;
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                semaphore.Release();
        }
    }
}
