namespace Crashdesk.Core.Jobs;

/// <summary>Queues work on a row (persisted in Hangfire's storage, so it survives restarts and runs on any worker).</summary>
public interface IJobQueue
{
    /// <summary>
    /// Enqueues <typeparamref name="TWork"/> for row <paramref name="id"/> and records the job on
    /// the row. When the queue cannot take it, the row is marked failed with the reason (the rest of
    /// what the caller stored is kept) and false is returned.
    /// </summary>
    Task<bool> EnqueueAsync<TWork>(Guid id, CancellationToken cancellationToken = default) where TWork : class, IQueuedWork;
}
