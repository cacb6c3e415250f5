using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// Turns the outbox into work, in every process that serves the <c>webhooks</c> queue: each new event
/// becomes one delivery per enabled endpoint of its organisation that subscribes to it, and each
/// delivery one <see cref="QueuedJob{TWork}"/> of <see cref="DeliverWebhookWork"/>; a delivery whose
/// next try is due is queued again. Wakes on the outbox's NOTIFY (migration 0011, sent at commit) and
/// at the earliest due try, else polls every <see cref="WebhookOptions.RelayPollInterval"/>. Several
/// relays split the work (<c>FOR UPDATE SKIP LOCKED</c>); an event is relayed once, and a delivery
/// queued twice is claimed once.
/// </summary>
internal sealed class WebhookRelay(
    IOptions<DatabaseOptions> database,
    IOptions<WorkerOptions> worker,
    IOptions<WebhookOptions> options,
    IJobQueue queue,
    WorkLeases leases,
    WorkerIdentity identity,
    ILogger<WebhookRelay> logger) : BackgroundService
{
    internal const string Channel = "crashdesk_webhook_events";
    internal const string NotifySql = "SELECT pg_notify('" + Channel + "', '')";

    // One statement: the marked events and their deliveries commit together or not at all.
    private const string RelaySql = """
        WITH batch AS (
            SELECT id, organization_id, type FROM webhook_events
             WHERE relayed_at IS NULL ORDER BY created_at LIMIT 200 FOR UPDATE SKIP LOCKED
        ), marked AS (
            UPDATE webhook_events e SET relayed_at = now() FROM batch WHERE e.id = batch.id
        ), inserted AS (
            INSERT INTO webhook_deliveries (id, endpoint_id, event_id, reason, status, attempts, tries, created_at)
            SELECT gen_random_uuid(), ep.id, batch.id, 'event', 'pending', 0, 0, now()
              FROM batch JOIN webhook_endpoints ep ON ep.organization_id = batch.organization_id AND ep.enabled
                          AND (cardinality(ep.events) = 0 OR batch.type = ANY (ep.events))
            RETURNING id
        )
        -- The deliveries' ids, and one NULL per event relayed (to know whether more events may wait).
        SELECT id FROM inserted UNION ALL SELECT NULL::uuid FROM batch
        """;

    private const string DueSql = """
        UPDATE webhook_deliveries SET status = 'pending', queue_job_id = NULL, next_attempt_at = NULL
         WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'scheduled' AND next_attempt_at <= now() FOR UPDATE SKIP LOCKED)
        RETURNING id
        """;

    private const string NextDueSql = """
        SELECT extract(epoch FROM min(next_attempt_at) - now())::float8 FROM webhook_deliveries WHERE status = 'scheduled'
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (worker.Value.Queues.GetValueOrDefault(JobQueues.Webhooks) <= 0)
            return;
        // Let the host finish starting (the migration service runs first) before touching the tables.
        await Task.Yield();
        await using var dataSource = NpgsqlDataSource.Create(database.Value.ConnectionString);
        var poll = options.Value.RelayPollInterval;
        bool recovered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!recovered)
                {
                    foreach (var id in await leases.TakeUnqueuedAsync(DeliverWebhookWork.Table, $"recovering:{identity.Name}", stoppingToken))
                        await queue.EnqueueAsync<DeliverWebhookWork>(id, stoppingToken);
                    recovered = true;
                }
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", listener))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    var wait = await RelayOnceAsync(dataSource, stoppingToken);
                    await listener.WaitAsync(wait < poll ? wait : poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The webhook relay failed; it tries again in {Interval}", poll);
                await Task.Delay(poll, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Relays what is there, queues what is due, and says how long until the next try falls due.</summary>
    private async Task<TimeSpan> RelayOnceAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        List<Guid> ready = [];
        for (int round = 0; round < 50; round++)
        {
            var rows = await IdsAsync(dataSource, RelaySql, cancellationToken);
            ready.AddRange(rows.OfType<Guid>());
            if (rows.Count(r => r is null) == 0)
                break;
        }
        ready.AddRange((await IdsAsync(dataSource, DueSql, cancellationToken)).OfType<Guid>());
        foreach (var id in ready)
            await queue.EnqueueAsync<DeliverWebhookWork>(id, cancellationToken);

        await using var next = dataSource.CreateCommand(NextDueSql);
        var seconds = await next.ExecuteScalarAsync(cancellationToken);
        return seconds is double s ? TimeSpan.FromSeconds(Math.Clamp(s, 0.05, 3600)) : TimeSpan.MaxValue;
    }

    private static async Task<List<Guid?>> IdsAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid?>();
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.IsDBNull(0) ? null : reader.GetGuid(0));
        return ids;
    }
}
