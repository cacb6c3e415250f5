using System.Collections.Concurrent;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crashdesk.Core.Events;

/// <summary>
/// One connection per host that LISTENs on one PostgreSQL channel whose payloads are ids, and calls the
/// subscribers of that id (and those of every id). A lost connection is reopened with a growing pause;
/// subscribers keep a slow poll of their own for what is missed meanwhile (NOTIFY is not durable).
/// </summary>
public abstract class KeyedNotificationFeed(IOptions<DatabaseOptions> database, ILogger logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Subscription, byte>> _subscribers = new();
    private readonly ConcurrentDictionary<Subscription, byte> _everything = new();

    /// <summary>The channel (a trigger's <c>pg_notify</c>).</summary>
    protected abstract string Channel { get; }

    /// <summary>What the log calls the notifications.</summary>
    protected abstract string What { get; }

    /// <summary>Calls <paramref name="onNotified"/> after each notification of <paramref name="id"/> until disposed.</summary>
    public IDisposable Subscribe(Guid id, Func<Task> onNotified)
    {
        var subscription = new Subscription(this, id, _ => onNotified());
        _subscribers.GetOrAdd(id, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Calls <paramref name="onNotified"/> with the id of every notification until disposed.</summary>
    public IDisposable SubscribeAll(Func<Guid, Task> onNotified)
    {
        var subscription = new Subscription(this, null, onNotified);
        _everything.TryAdd(subscription, 0);
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
                logger.LogWarning("{What} notifications interrupted ({Error}); listening again in {Pause}", What, e.Message, pause);
                await Task.Delay(pause, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                pause = TimeSpan.FromSeconds(Math.Min(30, pause.TotalSeconds * 2));
            }
        }
    }

    private void Publish(string payload)
    {
        if (!Guid.TryParse(payload, out var id))
            return;
        foreach (var subscription in _everything.Keys)
            _ = subscription.NotifyAsync(id, logger);
        if (_subscribers.TryGetValue(id, out var subscribers))
        {
            foreach (var subscription in subscribers.Keys)
                _ = subscription.NotifyAsync(id, logger);
        }
    }

    private sealed class Subscription(KeyedNotificationFeed feed, Guid? id, Func<Guid, Task> onNotified) : IDisposable
    {
        public async Task NotifyAsync(Guid notified, ILogger logger)
        {
            try
            {
                await onNotified(notified);
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "A notification subscriber failed");
            }
        }

        public void Dispose()
        {
            if (id is null)
                feed._everything.TryRemove(this, out _);
            else if (feed._subscribers.TryGetValue(id.Value, out var subscribers))
                subscribers.TryRemove(this, out _);
        }
    }
}
