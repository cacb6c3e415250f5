using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Core.Tests.Migrations;

public sealed class SqlMigrationRunnerTests
{
    private static SqlMigrationRunner Runner() => new(NullLogger<SqlMigrationRunner>.Instance);

    [Fact]
    public async Task Applies_every_file_once_and_records_it()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var migrations = TestDatabase.Migrations();
        Assert.True(migrations.Count >= 4, "expected at least the initial, job-store, debug-kernel and Hangfire migrations");

        var first = await Runner().MigrateAsync(db.ConnectionString, migrations);
        var second = await Runner().MigrateAsync(db.ConnectionString, migrations);

        Assert.Equal(migrations.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(migrations.Count, await ScalarAsync<long>(db, "SELECT count(*) FROM schema_history"));
        // The previous job engine's tables are gone; Hangfire's are installed in their own schema.
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"));
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'jobqueue'"));
    }

    [Fact]
    public async Task Concurrent_runners_serialise_on_the_advisory_lock()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var migrations = TestDatabase.Migrations();

        // Without the lock, both would try CREATE TABLE organizations and one would fail.
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Runner().MigrateAsync(db.ConnectionString, migrations))));

        Assert.Equal(migrations.Count, results.Sum(r => r.Count));
        Assert.Equal(migrations.Count, await ScalarAsync<long>(db, "SELECT count(*) FROM schema_history"));
    }

    [Fact]
    public async Task Waits_while_another_session_holds_the_lock()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        await using var holder = new NpgsqlConnection(db.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SqlMigrationRunner.AdvisoryLockKey})", holder))
            await take.ExecuteNonQueryAsync();

        var run = Runner().MigrateAsync(db.ConnectionString, TestDatabase.Migrations());
        await Task.Delay(1500);
        Assert.False(run.IsCompleted, "the runner went ahead while another session held the migration lock");
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'cases'"));

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SqlMigrationRunner.AdvisoryLockKey})", holder))
            await release.ExecuteNonQueryAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'cases'"));
    }

    [Fact]
    public async Task An_edited_applied_migration_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrations = TestDatabase.Migrations().ToList();
        migrations[0] = migrations[0] with { Sql = migrations[0].Sql + "\n-- edited", Checksum = "0000" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner().MigrateAsync(db.ConnectionString, migrations));
        Assert.Contains("was changed after it was applied", error.Message);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_recorded()
    {
        await using var db = await TestDatabase.CreateAsync();
        var migrations = TestDatabase.Migrations().ToList();
        migrations.Add(new SqlMigration(migrations.Count + 1, "broken", "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;", "x"));

        await Assert.ThrowsAsync<PostgresException>(() => Runner().MigrateAsync(db.ConnectionString, migrations));
        Assert.Equal(0L, await ScalarAsync<long>(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"));
        Assert.Equal(migrations.Count - 1, await ScalarAsync<long>(db, "SELECT count(*) FROM schema_history"));
    }

    [Fact]
    public void Migration_files_are_numbered_without_gaps()
    {
        var migrations = TestDatabase.Migrations();
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Contains(migrations, m => m.Name == "hangfire");
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
