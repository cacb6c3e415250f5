using System.Collections.Concurrent;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crashdesk.Core.Events;

/// <summary>
/// One connection per host that LISTENs on <c>crashdesk_case_changed</c> (the triggers of
/// migrations/0006_case_change_notify.sql) and calls the subscribers of that case. A lost
/// connection is reopened with a growing pause; pages keep a slow poll for what is missed meanwhile.
/// </summary>
public sealed class CaseChangeFeed(IOptions<DatabaseOptions> database, ILogger<CaseChangeFeed> logger) : BackgroundService, ICaseChangeFeed
{
    public const string Channel = "crashdesk_case_changed";

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _subscribers = new();

    public IDisposable Subscribe(Guid caseId, Func<Task> onChanged)
    {
        var subscription = new Subscription(this, caseId, onChanged);
        _subscribers.GetOrAdd(caseId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => Publish(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                pause = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Case change notifications interrupted ({Error}); listening again in {Pause}", e.Message, pause);
                await Task.Delay(pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromSeconds(Math.Min(30, pause.TotalSeconds * 2));
            }
        }
    }

    private void Publish(string payload)
    {
        if (!Guid.TryParse(payload, out var caseId) || !_subscribers.TryGetValue(caseId, out var subscribers))
            return;
        foreach (var subscription in subscribers.Keys)
            _ = subscription.NotifyAsync(logger);
    }

    private sealed class Subscription(CaseChangeFeed feed, Guid caseId, Func<Task> onChanged) : IDisposable
    {
        public async Task NotifyAsync(ILogger logger)
        {
            try
            {
                await onChanged();
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "A case change subscriber failed");
            }
        }

        public void Dispose()
        {
            if (feed._subscribers.TryGetValue(caseId, out var subscribers))
                subscribers.TryRemove(this, out _);
        }
    }
}
