namespace Crashdesk.Core.Jobs;

/// <summary>
/// Renews a claimed row's lease in the background while its job runs (<see cref="WorkLeases.Keep"/>).
/// A failed renewal is retried at the next tick: the lease is long enough to ride out a short
/// database outage, and if it does run out the row is claimable by another worker, never lost.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    internal LeaseKeeper(WorkLeases leases, WorkTable table, Guid id, string worker, TimeSpan interval)
    {
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        await leases.RenewAsync(table, id, worker, _stop.Token);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Next tick tries again (see the class comment).
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
