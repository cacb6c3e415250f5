namespace Crashdesk.Core.Jobs;

/// <summary>
/// One kind of queued work on rows of one table (an analysis, a debug kernel's profile build). A
/// Hangfire job carries only the row id; <see cref="QueuedJob{TWork}"/> claims the row (one UPDATE
/// with a lease, <see cref="WorkTable"/>), calls <see cref="RunAsync"/>, hands the row back on
/// shutdown and decides between a retry and the final failure. Implementations are scoped services.
/// </summary>
public interface IQueuedWork
{
    /// <summary>The Hangfire queue this work runs on (<see cref="JobQueues"/>).</summary>
    static abstract string Queue { get; }

    /// <summary>The table whose rows this work claims.</summary>
    static abstract WorkTable Table { get; }

    /// <summary>
    /// Does the work of a claimed row and records its outcome on it (done; or failed when the input
    /// itself is bad, <see cref="JobFailures.IsPermanent"/>). Transient failures (database, object
    /// store) are thrown: the caller retries them.
    /// </summary>
    Task RunAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Marks the row failed with <paramref name="error"/> (attempts exhausted, or the job could not be queued).</summary>
    Task FailAsync(Guid id, string error, CancellationToken cancellationToken);
}
