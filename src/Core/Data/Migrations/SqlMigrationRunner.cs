using Microsoft.Extensions.Logging;
using Npgsql;

namespace Crashdesk.Core.Data.Migrations;

/// <summary>
/// Applies migrations/NNNN_*.sql in order, each in its own transaction, recorded in
/// <c>schema_history</c>. A session-level PostgreSQL advisory lock serialises concurrent runners
/// (several workers starting at once): the second waits, then finds nothing left to do.
/// An applied file whose text changed is an error: migrations are append-only.
/// </summary>
public sealed class SqlMigrationRunner(ILogger<SqlMigrationRunner> logger)
{
    /// <summary>The advisory lock key: ASCII "CRSHDESK" as a 64-bit number, unlikely to collide.</summary>
    public const long AdvisoryLockKey = 0x435253484445534B;

    public const string HistoryTable = "schema_history";

    /// <summary>Applies what is missing; returns the versions it applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(
        string connectionString, IReadOnlyList<SqlMigration> migrations, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, $"""
                CREATE TABLE IF NOT EXISTS {HistoryTable} (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamp with time zone NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            var applied = await ReadHistoryAsync(connection, cancellationToken);
            var done = new List<int>();
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                        throw new InvalidOperationException(
                            $"migration {migration.Version:D4}_{migration.Name} was changed after it was applied " +
                            $"(recorded checksum {checksum}, file {migration.Checksum}); add a new migration instead");
                    continue;
                }
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);
                await using (var insert = new NpgsqlCommand(
                    $"INSERT INTO {HistoryTable} (version, name, checksum) VALUES (@v, @n, @c)", connection, transaction))
                {
                    insert.Parameters.AddWithValue("v", migration.Version);
                    insert.Parameters.AddWithValue("n", migration.Name);
                    insert.Parameters.AddWithValue("c", migration.Checksum);
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version:D4}_{Name}", migration.Version, migration.Name);
                done.Add(migration.Version);
            }
            // Hangfire's own tables (schema "hangfire"): its installer is versioned and idempotent;
            // running it here, under our lock, keeps every host from racing to create them.
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, Jobs.HangfireRegistration.Schema);
            return done;
        }
        finally
        {
            // CancellationToken.None: the lock must be released even when the caller gave up.
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<Dictionary<int, string>> ReadHistoryAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand($"SELECT version, checksum FROM {HistoryTable}", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            result[reader.GetInt32(0)] = reader.GetString(1);
        return result;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 300 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
