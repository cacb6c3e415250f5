using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Core.Tests.Migrations;

/// <summary>
/// migrations/0009 on a database that already has cases: a case keeps the kernel build its newest
/// environment version read (the verdicts of known issues need it before any re-analysis), and a
/// closed case is closed at its last move to closed (the dashboard's closed-per-week).
/// </summary>
public sealed class KnownIssuesMigrationTests
{
    [Fact]
    public async Task Existing_cases_get_their_kernel_build_and_closing_time()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var all = TestDatabase.Migrations();
        var runner = new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance);
        await runner.MigrateAsync(db.ConnectionString, [.. all.Where(m => m.Version < 9)]);
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var seed = new NpgsqlCommand("""
                INSERT INTO organizations (id, name, created_at) VALUES ('00000000-0000-0000-0000-000000000001', 'org', now());
                INSERT INTO cases (id, organization_id, title, customer, status, priority, revision, created_at, updated_at)
                VALUES ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', 'open', 'acme', 'new', 3, 1, now(), now()),
                       ('00000000-0000-0000-0000-00000000000b', '00000000-0000-0000-0000-000000000001', 'closed', 'acme', 'closed', 3, 1, now(), now());
                INSERT INTO environment_snapshots (id, case_id, version, source, summary, created_at, content, package_count)
                VALUES (gen_random_uuid(), '00000000-0000-0000-0000-00000000000a', 1, 'dump', 'v1', now(),
                        '{"os": {"kernelBuild": {"value": "#1 SMP old", "source": "dump"}}}', 0),
                       (gen_random_uuid(), '00000000-0000-0000-0000-00000000000a', 2, 'dump', 'v2', now(),
                        '{"os": {"kernelBuild": {"value": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "source": "dump"}}}', 0);
                INSERT INTO case_events (id, case_id, at, actor_name, kind, old_value, new_value)
                VALUES (gen_random_uuid(), '00000000-0000-0000-0000-00000000000b', '2026-11-02T10:00:00Z', 'E', 'status', 'new', 'closed'),
                       (gen_random_uuid(), '00000000-0000-0000-0000-00000000000b', '2026-11-03T10:00:00Z', 'E', 'status', 'closed', 'triaging'),
                       (gen_random_uuid(), '00000000-0000-0000-0000-00000000000b', '2026-11-09T10:00:00Z', 'E', 'status', 'triaging', 'closed');
                """, connection);
            await seed.ExecuteNonQueryAsync();
        }

        await runner.MigrateAsync(db.ConnectionString, all);

        await using var check = new NpgsqlConnection(db.ConnectionString);
        await check.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT title, kernel_build, closed_at FROM cases ORDER BY title", check);
        await using var reader = await read.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("closed", reader.GetString(0));
        Assert.True(reader.IsDBNull(1));
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 10, 0, 0, TimeSpan.Zero), reader.GetFieldValue<DateTimeOffset>(2));
        Assert.True(await reader.ReadAsync());
        Assert.Equal("open", reader.GetString(0));
        Assert.Equal("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", reader.GetString(1));
        Assert.True(reader.IsDBNull(2));
    }
}
