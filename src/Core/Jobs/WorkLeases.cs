using Crashdesk.Core.Options;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// The row side of every queued job (<see cref="WorkTable"/>): claim, lease renewal, hand-back,
/// the Hangfire job id, and the start-up sweep of rows without a job. Runs on its own connections
/// (not the job's DbContext), so the lease can be renewed while the job uses its context.
/// </summary>
public sealed class WorkLeases : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly WorkerOptions _options;

    public WorkLeases(IOptions<DatabaseOptions> database, IOptions<WorkerOptions> options)
    {
        _dataSource = NpgsqlDataSource.Create(database.Value.ConnectionString);
        _options = options.Value;
    }

    /// <summary>
    /// How long a claim holds a row without renewal: shorter than Hangfire's invisibility timeout, so
    /// when Hangfire hands a dead worker's job to another worker the row is claimable by then.
    /// </summary>
    public TimeSpan LeaseDuration => _options.InvisibilityTimeout * 0.8;

    public async Task<WorkClaim> ClaimAsync(WorkTable table, Guid id, string worker, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(table.ClaimSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("lease", LeaseDuration);
        command.Parameters.AddWithValue("maxAttempts", _options.MaxAttempts);
        if (await command.ExecuteScalarAsync(cancellationToken) is int attempt)
            return WorkClaim.Claimed(attempt);

        await using var state = _dataSource.CreateCommand(table.StateSql);
        state.Parameters.AddWithValue("id", id);
        await using var reader = await state.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || !reader.GetBoolean(0))
            return WorkClaim.Finished;
        if (reader.GetBoolean(2))
            return WorkClaim.Busy;
        return WorkClaim.Exhausted(reader.GetInt32(1));
    }

    /// <summary>Renews the lease every quarter of its duration until disposed.</summary>
    public LeaseKeeper Keep(WorkTable table, Guid id, string worker) =>
        new(this, table, id, worker, LeaseDuration / 4);

    internal async Task<bool> RenewAsync(WorkTable table, Guid id, string worker, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(table.RenewSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("lease", LeaseDuration);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>Hands the row back (queued again). <paramref name="countAttempt"/> false: a shutdown, not the job's fault.</summary>
    public async Task ReleaseAsync(WorkTable table, Guid id, string worker, string message, bool countAttempt)
    {
        await using var command = _dataSource.CreateCommand(table.ReleaseSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("uncount", countAttempt ? 0 : 1);
        if (table.ReleaseSql.Contains("@message", StringComparison.Ordinal))
            command.Parameters.AddWithValue("message", Truncate(message, 300));
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Records which Hangfire job carries the row (null: clears it, so the start-up sweep enqueues it again).</summary>
    public async Task SetQueueJobAsync(WorkTable table, Guid id, string? jobId, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(table.SetQueueJobSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("job", (object?)jobId ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Takes the open rows that no Hangfire job carries (marks them with <paramref name="marker"/> so concurrent sweeps split them).</summary>
    public async Task<IReadOnlyList<Guid>> TakeUnqueuedAsync(WorkTable table, string marker, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(table.RecoverSql);
        command.Parameters.AddWithValue("marker", marker);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
