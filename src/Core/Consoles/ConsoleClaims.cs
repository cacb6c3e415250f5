using Crashdesk.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Consoles;

/// <summary>
/// The SQL by which workers share the console commands (scoped). A session belongs to one worker at a
/// time (<c>console_sessions.worker_name</c>, held while <c>lease_until</c> is ahead): its dump stays open
/// there, so its commands go there; a session whose lease ran out (its worker died) is taken by the next
/// worker to claim one of its commands. One command of a session runs at a time, in the order sent.
/// </summary>
internal sealed class ConsoleClaims(CrashdeskDbContext db)
{
    /// <summary>The message of a command whose worker stopped while running it.</summary>
    public const string WorkerLost = "the worker running it stopped; run it again";

    /// <summary>
    /// Takes the oldest queued command this worker may run (its session free, this worker's, or its lease
    /// run out, and no command of it running), holding the session for <paramref name="lease"/>. Row locks
    /// with SKIP LOCKED: two workers never take one session, neither waits for the other.
    /// </summary>
    public async Task<ConsoleClaim?> ClaimAsync(string worker, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var picked = await db.Database.SqlQuery<ConsoleClaim>($"""
            SELECT c.id AS "CommandId", c.session_id AS "SessionId"
              FROM console_commands c JOIN console_sessions s ON s.id = c.session_id
             WHERE c.status = 'queued'
               AND (s.worker_name IS NULL OR s.worker_name = {worker} OR s.lease_until < now())
               AND NOT EXISTS (SELECT 1 FROM console_commands r WHERE r.session_id = c.session_id AND r.status = 'running')
             ORDER BY c.created_at, c.id
             LIMIT 1
               FOR UPDATE OF c, s SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (picked is not [var row])
            return null;
        double seconds = lease.TotalSeconds;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_sessions SET worker_name = {worker}, lease_until = now() + make_interval(secs => {seconds}) WHERE id = {row.SessionId}
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_commands SET status = 'running', worker_name = {worker}, started_at = now() WHERE id = {row.CommandId}
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row;
    }

    /// <summary>
    /// Renews this worker's hold on the sessions it keeps (<paramref name="keep"/>) and lets go of its
    /// others; returns the sessions it still holds (one missing from it was taken over meanwhile).
    /// </summary>
    public async Task<IReadOnlySet<Guid>> RenewAsync(string worker, IReadOnlyCollection<Guid> keep, TimeSpan lease, CancellationToken cancellationToken)
    {
        var ids = keep.ToArray();
        double seconds = lease.TotalSeconds;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_sessions SET worker_name = NULL, lease_until = NULL WHERE worker_name = {worker} AND NOT (id = ANY({ids}))
            """, cancellationToken);
        var held = await db.Database.SqlQuery<Guid>($"""
            UPDATE console_sessions SET lease_until = now() + make_interval(secs => {seconds})
             WHERE worker_name = {worker} AND id = ANY({ids})
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
        return held.ToHashSet();
    }

    /// <summary>
    /// Ends as failed the commands left running by a worker whose hold on their session ran out (it died):
    /// nobody will finish them, and the person sees why instead of waiting.
    /// </summary>
    public Task<int> FailAbandonedAsync(string worker, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_commands c
               SET status = 'failed', error = {WorkerLost}, finished_at = now()
              FROM console_sessions s
             WHERE s.id = c.session_id AND c.status = 'running' AND c.worker_name IS DISTINCT FROM {worker}
               AND (s.lease_until IS NULL OR s.lease_until < now() OR s.worker_name IS DISTINCT FROM c.worker_name)
            """, cancellationToken);

    /// <summary>Puts a command this worker was running back in the queue (the worker is stopping).</summary>
    public Task HandBackAsync(Guid commandId, string worker, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_commands SET status = 'queued', worker_name = NULL, started_at = NULL
             WHERE id = {commandId} AND status = 'running' AND worker_name = {worker}
            """, cancellationToken);

    /// <summary>True when the person asked to stop the command.</summary>
    public Task<bool> CancelRequestedAsync(Guid commandId, CancellationToken cancellationToken) =>
        db.ConsoleCommands.AsNoTracking().AnyAsync(c => c.Id == commandId && c.CancelRequested, cancellationToken);

    /// <summary>Ends a command the runner could not (an unexpected failure), if it is still running here.</summary>
    public Task FailAsync(Guid commandId, string worker, string error, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE console_commands SET status = 'failed', error = {error}, finished_at = now()
             WHERE id = {commandId} AND status = 'running' AND worker_name = {worker}
            """, cancellationToken);

}

/// <summary>A command a worker took, and its session.</summary>
internal sealed record ConsoleClaim(Guid CommandId, Guid SessionId);
