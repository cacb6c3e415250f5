namespace Crashdesk.Core.Jobs;

/// <summary>Queues the processing (identity + kernel profile) of a <c>debug_kernels</c> row, persisted like analyses.</summary>
public interface IDebugKernelScheduler
{
    Task ScheduleAsync(Guid debugKernelId, CancellationToken cancellationToken = default);
}
