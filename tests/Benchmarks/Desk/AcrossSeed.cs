using Npgsql;

namespace Crashdesk.Benchmarks.Desk;

/// <summary>
/// Spreads <see cref="GroupSeed"/>'s organisation over <c>organizations</c> customer organisations the
/// bench engineer serves (engineer in each): every case moves to organisation hash(case) mod n, into that
/// organisation's copy of its group (same signature), so most signatures have a group in every
/// organisation, as a crash seen by many customers does. Known issues stay in the first organisation.
/// </summary>
internal static class AcrossSeed
{
    public static async Task<Guid[]> RunAsync(string connectionString, Guid organizationId, Guid userId, int organizations)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var ids = new List<Guid> { organizationId };
        for (int k = 1; k < organizations; k++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await using var command = new NpgsqlCommand("""
                INSERT INTO organizations (id, name, is_provider, created_at) VALUES (@id, @name, false, now());
                INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES (@user, @id, 'engineer', now());
                CREATE TEMP TABLE copied AS
                SELECT g.id AS source, gen_random_uuid() AS id FROM crash_groups g WHERE g.organization_id = @home;
                INSERT INTO crash_groups (id, organization_id, signature, signature_version, title, crash_class, guilty_frame, created_at, updated_at)
                SELECT c.id, @id, g.signature, g.signature_version, g.title, g.crash_class, g.guilty_frame, g.created_at, g.updated_at
                  FROM copied c JOIN crash_groups g ON g.id = c.source;
                UPDATE cases x SET organization_id = @id, group_id = c.id
                  FROM copied c
                 WHERE x.group_id = c.source AND x.organization_id = @home
                   AND ((hashtext(x.id::text)::bigint & 2147483647) % @n) = @k;
                DROP TABLE copied;
                """, connection);
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("name", $"Customer {k}");
            command.Parameters.AddWithValue("user", userId);
            command.Parameters.AddWithValue("home", organizationId);
            command.Parameters.AddWithValue("n", organizations);
            command.Parameters.AddWithValue("k", k);
            await command.ExecuteNonQueryAsync();
        }
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE cases, crash_groups", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
        return [.. ids];
    }
}
