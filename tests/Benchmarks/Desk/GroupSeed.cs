using Npgsql;

namespace Crashdesk.Benchmarks.Desk;

/// <summary>
/// Puts <see cref="DeskSeed"/>'s cases into <c>groups</c> crash groups the way a support centre's
/// crashes fall (a few groups hold many cases, most hold a handful: case g joins group
/// floor(groups · u²) for a uniform u, so the biggest groups are hundreds of times the smallest),
/// gives every case a signature, call-trace functions, a module and an analysis (1 % failed, 0.2 %
/// queued), closes the closed ones at their last update, and marks 1 % of the groups known issues.
/// </summary>
internal static class GroupSeed
{
    public static async Task RunAsync(string connectionString, Guid organizationId, int groups)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE TEMP TABLE bench_groups AS
            SELECT gen_random_uuid() AS id, n AS r FROM generate_series(0, @groups - 1) n;
            CREATE INDEX ON bench_groups (r);
            INSERT INTO crash_groups (id, organization_id, signature, signature_version, title, crash_class, guilty_frame, created_at, updated_at)
            SELECT id, @org, md5('group ' || r), 1,
                   (ARRAY['null-deref','paging-fault','gpf','bug','warning','hung-task','soft-lockup','rcu-stall','oom','panic'])[1 + r % 10]
                       || ' in frame_' || r,
                   (ARRAY['null-deref','paging-fault','gpf','bug','warning','hung-task','soft-lockup','rcu-stall','oom','panic'])[1 + r % 10],
                   'frame_' || r, now() - interval '400 days', now()
              FROM bench_groups;
            CREATE TEMP TABLE case_groups AS
            SELECT c.id AS case_id, floor(@groups * power(((hashtext(c.id::text)::bigint & 2147483647) / 2147483647.0), 2))::int AS r
              FROM cases c WHERE c.organization_id = @org;
            UPDATE cases c SET group_id = g.id, crash_signature = md5('group ' || cg.r),
                   crash_class = (ARRAY['null-deref','paging-fault','gpf','bug','warning','hung-task','soft-lockup','rcu-stall','oom','panic'])[1 + cg.r % 10],
                   guilty_frame = 'frame_' || cg.r, guilty_module = CASE WHEN cg.r % 4 = 0 THEN 'mod_' || (cg.r % 50) END,
                   trace_frames = ARRAY['frame_' || cg.r, 'caller_' || (cg.r % 200), 'path_' || (cg.r % 40), 'vfs_write', 'ksys_write'],
                   kernel_build = '#1 SMP PREEMPT_DYNAMIC Debian 6.1.' || (70 + cg.r % 130) || '-1 (2026-11-16)',
                   closed_at = CASE WHEN c.status = 'closed' THEN c.updated_at END
              FROM case_groups cg JOIN bench_groups g ON g.r = LEAST(cg.r, @groups - 1)
             WHERE c.id = cg.case_id;
            INSERT INTO artifacts (id, case_id, file_name, kind, storage_key, size, sha256, uploaded_at)
            SELECT gen_random_uuid(), id, 'vmcore-' || left(id::text, 8), 'vmcore', 'bench/' || id, 1, repeat('0', 64), created_at
              FROM cases WHERE organization_id = @org;
            INSERT INTO analysis_jobs (id, case_id, artifact_id, status, progress, error, attempts, created_at, started_at, finished_at)
            SELECT gen_random_uuid(), a.case_id, a.id, s.status, CASE WHEN s.status = 'queued' THEN 0 ELSE 100 END,
                   CASE WHEN s.status = 'failed' THEN 'vmcore-' || left(a.case_id::text, 8) || ': the file ends at byte 4 096 inside page 12 of 131 072' END,
                   1, a.uploaded_at, a.uploaded_at, CASE WHEN s.status IN ('done', 'failed') THEN a.uploaded_at + interval '40 seconds' END
              FROM artifacts a
              CROSS JOIN LATERAL (SELECT CASE WHEN hashtext(a.id::text) % 500 = 0 THEN 'queued'
                                              WHEN hashtext(a.id::text) % 100 = 1 THEN 'failed' ELSE 'done' END AS status) s
             WHERE a.case_id IN (SELECT id FROM cases WHERE organization_id = @org);
            INSERT INTO known_issues (id, organization_id, group_id, title, links, fixed_in, workaround, capture_advice, version, created_at, updated_at)
            SELECT gen_random_uuid(), @org, id, 'known bug ' || r, ARRAY['https://bugs.example.org/' || r], ARRAY['6.1.' || (100 + r % 100), '5.15.149'],
                   'Upgrade.', '', 1, now(), now()
              FROM bench_groups WHERE r % 100 = 0;
            ANALYZE;
            """, connection);
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("org", organizationId);
        command.Parameters.AddWithValue("groups", groups);
        await command.ExecuteNonQueryAsync();
        // What autovacuum does to a table some time after a bulk load: the visibility map lets the
        // dashboard's counts run as index-only scans (VACUUM cannot run inside the batch above).
        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE cases, analysis_jobs, crash_groups", connection) { CommandTimeout = 0 };
        await vacuum.ExecuteNonQueryAsync();
    }
}
