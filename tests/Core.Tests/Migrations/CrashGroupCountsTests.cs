using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Core.Tests.Migrations;

/// <summary>
/// migrations/0017: a crash group's case_count, first_seen and last_seen equal what counting its cases
/// says, after the migration on existing cases, after any mix of inserts, moves, re-dated and deleted
/// cases in one statement or many, and when two transactions add a case to one group at once.
/// </summary>
public sealed class CrashGroupCountsTests
{
    private static readonly Guid Org = Guid.Parse("00000000-0000-0000-0000-000000000001");

    [Fact]
    public async Task The_migration_counts_the_cases_there_are_already()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var all = TestDatabase.Migrations();
        var runner = new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance);
        await runner.MigrateAsync(db.ConnectionString, [.. all.Where(m => m.Version < 17)]);
        await using (var connection = await OpenAsync(db))
        {
            var groups = await SeedGroupsAsync(connection, 3);
            await ExecuteAsync(connection, $"""
                INSERT INTO cases (id, organization_id, title, customer, status, priority, revision, created_at, updated_at, group_id)
                SELECT gen_random_uuid(), '{Org}', 'c' || i, 'acme', 'new', 3, 1, '2026-11-01T00:00:00Z'::timestamptz + i * interval '1 hour', now(),
                       (ARRAY['{groups[0]}', '{groups[1]}']::uuid[])[1 + i % 2]
                  FROM generate_series(1, 7) i
                """);
        }

        await runner.MigrateAsync(db.ConnectionString, all);

        await using var check = await OpenAsync(db);
        await AssertCountsMatchCasesAsync(check);
        Assert.Equal(1, await ScalarAsync<int>(check, "SELECT count(*)::int FROM crash_groups WHERE case_count = 0 AND first_seen IS NULL AND last_seen IS NULL"));
        Assert.Equal(7, await ScalarAsync<int>(check, "SELECT sum(case_count)::int FROM crash_groups"));
    }

    [Fact]
    public async Task Every_change_to_cases_keeps_the_counts_exact()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var connection = await OpenAsync(db);
        var groups = await SeedGroupsAsync(connection, 6);
        var random = new Random(18);
        var cases = new List<Guid>();
        for (int step = 0; step < 300; step++)
        {
            string group = $"'{groups[random.Next(groups.Length)]}'";
            string when = $"'2026-11-01T00:00:00Z'::timestamptz + {random.Next(10_000)} * interval '1 minute'";
            switch (cases.Count == 0 ? 0 : random.Next(6))
            {
                case 0 or 1:
                    var id = Guid.NewGuid();
                    cases.Add(id);
                    await ExecuteAsync(connection, $"""
                        INSERT INTO cases (id, organization_id, title, customer, status, priority, revision, created_at, updated_at, group_id)
                        VALUES ('{id}', '{Org}', 't', 'acme', 'new', 3, 1, {when}, now(), {(random.Next(5) == 0 ? "NULL" : group)})
                        """);
                    break;
                case 2:
                    await ExecuteAsync(connection, $"UPDATE cases SET group_id = {group} WHERE id = '{cases[random.Next(cases.Count)]}'");
                    break;
                case 3:
                    // A merge: every case of one group moves to another in one statement.
                    await ExecuteAsync(connection, $"UPDATE cases SET group_id = {group} WHERE group_id = '{groups[random.Next(groups.Length)]}'");
                    break;
                case 4:
                    await ExecuteAsync(connection, $"UPDATE cases SET created_at = {when}, title = 'moved in time' WHERE id = '{cases[random.Next(cases.Count)]}'");
                    break;
                default:
                    int at = random.Next(cases.Count);
                    await ExecuteAsync(connection, $"DELETE FROM cases WHERE id = '{cases[at]}'");
                    cases.RemoveAt(at);
                    break;
            }
            if (step % 25 == 0)
                await AssertCountsMatchCasesAsync(connection);
        }
        // A change that is no move leaves the counts alone, and a whole-table delete empties every group.
        await ExecuteAsync(connection, "UPDATE cases SET status = 'triaging'");
        await AssertCountsMatchCasesAsync(connection);
        await ExecuteAsync(connection, "DELETE FROM cases");
        await AssertCountsMatchCasesAsync(connection);
        Assert.Equal(0, await ScalarAsync<int>(connection, "SELECT count(*)::int FROM crash_groups WHERE case_count <> 0 OR last_seen IS NOT NULL"));
    }

    [Fact]
    public async Task Two_transactions_adding_a_case_to_one_group_at_once_both_count()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var first = await OpenAsync(db);
        await using var second = await OpenAsync(db);
        var group = (await SeedGroupsAsync(first, 1))[0];
        string insert = $"""
            INSERT INTO cases (id, organization_id, title, customer, status, priority, revision, created_at, updated_at, group_id)
            VALUES (gen_random_uuid(), '{Org}', 't', 'acme', 'new', 3, 1, now(), now(), '{group}')
            """;

        await using var one = await first.BeginTransactionAsync();
        await ExecuteAsync(first, insert, one);
        await using var two = await second.BeginTransactionAsync();
        // Waits on the group's row until the first commits, then counts with the first's case in view.
        var pending = ExecuteAsync(second, insert, two);
        await Task.Delay(300);
        Assert.False(pending.IsCompleted, "the second recount did not wait for the first transaction");
        await one.CommitAsync();
        await pending.WaitAsync(TimeSpan.FromSeconds(30));
        await two.CommitAsync();

        Assert.Equal(2, await ScalarAsync<int>(first, $"SELECT case_count FROM crash_groups WHERE id = '{group}'"));
        await AssertCountsMatchCasesAsync(first);
    }

    private static async Task AssertCountsMatchCasesAsync(NpgsqlConnection connection)
    {
        int wrong = await ScalarAsync<int>(connection, """
            SELECT count(*)::int FROM crash_groups g
              LEFT JOIN LATERAL (SELECT count(*)::int AS cases, min(created_at) AS first_seen, max(created_at) AS last_seen
                                   FROM cases c WHERE c.group_id = g.id) s ON true
             WHERE (g.case_count, g.first_seen, g.last_seen) IS DISTINCT FROM (s.cases, s.first_seen, s.last_seen)
            """);
        Assert.Equal(0, wrong);
    }

    private static async Task<Guid[]> SeedGroupsAsync(NpgsqlConnection connection, int count)
    {
        if (await ScalarAsync<long>(connection, $"SELECT count(*) FROM organizations WHERE id = '{Org}'") == 0)
            await ExecuteAsync(connection, $"INSERT INTO organizations (id, name, created_at) VALUES ('{Org}', 'org', now())");
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            await ExecuteAsync(connection, $"""
                INSERT INTO crash_groups (id, organization_id, signature, signature_version, title, created_at, updated_at)
                VALUES ('{id}', '{Org}', 'sig{i}-{id:N}', 1, 'group {i}', now(), now())
                """);
        return ids;
    }

    private static async Task<NpgsqlConnection> OpenAsync(TestDatabase db)
    {
        var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection check, string sql)
    {
        await using var command = new NpgsqlCommand(sql, check);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
