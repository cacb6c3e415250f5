using System.Collections.Concurrent;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// A worker's console loop: takes queued commands (<see cref="ConsoleClaims"/>) up to <c>Console:Concurrency</c>
/// at once, runs each (<see cref="ConsoleCommandRunner"/>) under the time cap and the person's Ctrl-C, keeps
/// its sessions' holds renewed and closes the ones idle too long. Not a Hangfire job: a command is answered
/// in milliseconds from a dump this process already holds open, so it must go to that process, at once.
/// </summary>
internal sealed class ConsoleHost(
    IServiceScopeFactory scopes,
    ConsoleCommandFeed feed,
    ConsoleShells shells,
    WorkerIdentity worker,
    IOptions<ConsoleOptions> options,
    ILogger<ConsoleHost> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<Guid, Guid> _running = new(); // command → session

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Concurrency == 0)
            return;
        // Any change of any command may free a slot or a session: look again at once.
        using var subscription = feed.SubscribeAll(_ =>
        {
            Wake();
            return Task.CompletedTask;
        });
        var renewEvery = o.SessionLease / 3;
        var nextRenewal = DateTimeOffset.MinValue;
        var tasks = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTimeOffset.UtcNow >= nextRenewal)
                {
                    await KeepSessionsAsync(stoppingToken);
                    nextRenewal = DateTimeOffset.UtcNow + renewEvery;
                }
                tasks.RemoveAll(t => t.IsCompleted);
                while (tasks.Count < o.Concurrency && await ClaimAsync(stoppingToken) is { } claimed)
                    tasks.Add(RunAsync(claimed, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database is away: the next round tries again; nothing is lost (the rows are the truth).
                logger.LogWarning("The console could not look at its commands: {Error}", e.Message);
            }
            var pause = o.PollInterval < renewEvery ? o.PollInterval : renewEvery;
            // A finished command wakes the loop too (RunAsync's Wake), so a freed slot is filled at once.
            await _wake.WaitAsync(pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await Task.WhenAll(tasks);
    }

    public override void Dispose()
    {
        base.Dispose();
        _wake.Dispose();
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
            _wake.Release();
    }

    private async Task<Guid?> ClaimAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var claims = scope.ServiceProvider.GetRequiredService<ConsoleClaims>();
        if (await claims.ClaimAsync(worker.Name, options.Value.SessionLease, stoppingToken) is not { } claimed)
            return null;
        _running[claimed.CommandId] = claimed.SessionId;
        return claimed.CommandId;
    }

    private async Task KeepSessionsAsync(CancellationToken stoppingToken)
    {
        foreach (var closed in shells.CloseIdle(DateTimeOffset.UtcNow))
            logger.LogInformation("Console session {Session} closed after {Idle} without a command", closed, options.Value.IdleTimeout);
        await using var scope = scopes.CreateAsyncScope();
        var claims = scope.ServiceProvider.GetRequiredService<ConsoleClaims>();
        var keep = shells.SessionIds.Concat(_running.Values).Distinct().ToList();
        var held = await claims.RenewAsync(worker.Name, keep, options.Value.SessionLease, stoppingToken);
        foreach (var lost in shells.SessionIds.Where(s => !held.Contains(s)))
        {
            // Another worker took it over (this one did not renew in time): its dump is read there now.
            logger.LogWarning("Console session {Session} was taken over by another worker; closing it here", lost);
            shells.Close(lost);
        }
        int failed = await claims.FailAbandonedAsync(worker.Name, stoppingToken);
        if (failed > 0)
            logger.LogWarning("{Count} console command(s) ended failed: the worker running them stopped", failed);
    }

    private async Task RunAsync(Guid commandId, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var o = options.Value;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        cancel.CancelAfter(o.CommandTimeout);
        using var flagged = new SemaphoreSlim(0);
        using var subscription = feed.Subscribe(commandId, () =>
        {
            flagged.Release();
            return Task.CompletedTask;
        });
        using var watching = new CancellationTokenSource();
        var watcher = WatchForCancelAsync(commandId, flagged, cancel, watching.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<ConsoleCommandRunner>();
            await runner.RunAsync(commandId, cancel.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the command goes back to the queue for the next worker (its session's hold lapses).
            await WithClaimsAsync(commandId, c => c.HandBackAsync(commandId, worker.Name, CancellationToken.None));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Console command {Command} failed", commandId);
            await WithClaimsAsync(commandId, c => c.FailAsync(commandId, worker.Name, $"the console could not run it (an internal error, logged on {worker.Name})", CancellationToken.None));
        }
        finally
        {
            await watching.CancelAsync();
            await watcher;
            _running.TryRemove(commandId, out _);
            Wake();
        }
    }

    /// <summary>
    /// A person's Ctrl-C sets the command's flag; its notification (or the poll) stops the command. The flag is
    /// read once at the start too: a Ctrl-C right after Enter can land between the claim and the subscription,
    /// and its notification is then gone.
    /// </summary>
    private async Task WatchForCancelAsync(Guid commandId, SemaphoreSlim flagged, CancellationTokenSource cancel, CancellationToken done)
    {
        bool first = true;
        while (!done.IsCancellationRequested && !cancel.IsCancellationRequested)
        {
            try
            {
                if (!first)
                    await flagged.WaitAsync(options.Value.PollInterval, done);
                first = false;
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<ConsoleClaims>().CancelRequestedAsync(commandId, done))
                    await cancel.CancelAsync();
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: the time cap still stops the command; look again at the next poll.
                logger.LogDebug(e, "Watching console command {Command} for a cancel failed", commandId);
            }
        }
    }

    private async Task WithClaimsAsync(Guid commandId, Func<ConsoleClaims, Task> action)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await action(scope.ServiceProvider.GetRequiredService<ConsoleClaims>());
        }
        catch (Exception e)
        {
            // The session's lease lapses and FailAbandonedAsync on another worker ends the command.
            logger.LogWarning("Console command {Command}: could not record its end: {Error}", commandId, e.Message);
        }
    }
}
