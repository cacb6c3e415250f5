using Npgsql;

namespace Crashdesk.Benchmarks.Desk;

/// <summary>
/// Fills one organisation with <c>cases</c> cases and <c>notes</c> notes in SQL (generate_series:
/// seconds, not the hours an insert per row would take). Titles, panic lines, guilty frames and notes
/// are drawn from a vocabulary of real kernel words so that searches hit a realistic share of rows;
/// the search vector is the table's own generated column.
/// </summary>
internal static class DeskSeed
{
    /// <summary>64 words: the SQL picks one with <c>(@words)[1 + (n % 64)]</c>.</summary>
    private static readonly string[] Words =
    [
        "nvme", "ext4", "xfs", "jbd2", "btrfs", "mlx5", "bonding", "ixgbe", "i40e", "kvm", "qemu", "sched", "rcu", "mutex", "rwsem", "spinlock",
        "workqueue", "kworker", "hugetlbfs", "zswap", "slab", "slub", "kmalloc", "vmalloc", "oom", "cgroup", "memcg", "netfilter", "conntrack", "tcp", "udp", "sctp",
        "nfs", "cifs", "fuse", "dm_crypt", "raid1", "md", "scsi", "sd_mod", "ahci", "virtio_blk", "virtio_net", "balloon", "watchdog", "hrtimer", "tick", "irq",
        "softirq", "napi", "page_fault", "do_exit", "copy_from_user", "memcpy", "list_del", "list_add", "kfree", "refcount", "iommu", "dma", "ttm", "drm", "bpf", "xdp",
    ];

    public static async Task RunAsync(string connectionString, Guid organizationId, Guid[] users, int cases, int notes)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand("""
            INSERT INTO cases (id, organization_id, title, customer, external_reference, description, status, priority,
                               assignee_user_id, revision, created_by_user_id, updated_by_user_id, created_at, updated_at,
                               panic_line, triage_title, crash_class, guilty_frame, kernel_release)
            SELECT gen_random_uuid(), @org,
                   initcap((@words)[1 + (g % 64)]) || ' failure in ' || (@words)[1 + ((g / 64) % 64)] || ' #' || g,
                   'customer-' || (g % 300), 'SUP-' || g,
                   'Seen on host ' || (g % 1000) || ' after ' || (@words)[1 + ((g * 7) % 64)] || ' update',
                   (ARRAY['new','triaging','waiting-for-customer','root-caused','closed'])[1 + g % 5], 1 + g % 4,
                   CASE WHEN g % 3 = 0 THEN NULL ELSE (@users)[1 + g % cardinality(@users)] END, 1,
                   (@users)[1], (@users)[1],
                   now() - make_interval(mins => g), now() - make_interval(mins => g / 2),
                   'BUG: unable to handle page fault for address: ' || lpad(to_hex(g), 16, 'f') || ' in ' || (@words)[1 + ((g * 3) % 64)],
                   (ARRAY['null-deref','paging-fault','gpf','bug','warning','hung-task','soft-lockup','rcu-stall','oom','panic'])[1 + g % 10]
                       || ' in ' || (@words)[1 + ((g * 3) % 64)] || '_' || (@words)[1 + ((g * 5) % 64)],
                   (ARRAY['null-deref','paging-fault','gpf','bug','warning','hung-task','soft-lockup','rcu-stall','oom','panic'])[1 + g % 10],
                   (@words)[1 + ((g * 3) % 64)] || '_' || (@words)[1 + ((g * 5) % 64)] || '+0x' || to_hex(g % 4096),
                   (ARRAY['6.1.0-18-cloud-amd64','6.1.0-56-cloud-amd64','5.15.0-91-generic','5.14.0-362.8.1.el9_3.x86_64','6.8.0-45-generic'])[1 + g % 5]
              FROM generate_series(1, @cases) g
            """, connection))
        {
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("org", organizationId);
            command.Parameters.AddWithValue("users", users);
            command.Parameters.AddWithValue("cases", cases);
            command.Parameters.AddWithValue("words", Words);
            await command.ExecuteNonQueryAsync();
        }
        await ExecuteAsync(connection, """
            CREATE TEMP TABLE case_ids AS
            SELECT id, created_at, (row_number() OVER (ORDER BY id) - 1)::int AS r FROM cases WHERE organization_id = @org;
            CREATE INDEX ON case_ids (r);
            """, ("org", organizationId));
        await using (var command = new NpgsqlCommand("""
            INSERT INTO notes (id, case_id, author_user_id, author_name, body, revision, created_at, updated_at, visibility)
            SELECT gen_random_uuid(), c.id, (@users)[1 + n % cardinality(@users)], 'Engineer ' || (n % 20),
                   'Checked ' || (@words)[1 + ((n * 11) % 64)] || ': the ' || (@words)[1 + ((n * 13) % 64)]
                       || ' path looks fine; next look at `' || (@words)[1 + ((n * 17) % 64)] || '` and the **stack**. Ticket note ' || n,
                   1, c.created_at + make_interval(mins => n % 600), c.created_at + make_interval(mins => n % 600), 'internal'
              FROM generate_series(1, @notes) n
              JOIN case_ids c ON c.r = ((n::bigint * 7919) % @cases)::int
            """, connection))
        {
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("org", organizationId);
            command.Parameters.AddWithValue("users", users);
            command.Parameters.AddWithValue("notes", notes);
            command.Parameters.AddWithValue("cases", cases);
            command.Parameters.AddWithValue("words", Words);
            await command.ExecuteNonQueryAsync();
        }
        await ExecuteAsync(connection, """
            INSERT INTO tags (id, organization_id, name, normalized_name)
            SELECT gen_random_uuid(), @org, w, w FROM unnest((@words)[1:20]) w;
            INSERT INTO case_tags (case_id, tag_id)
            SELECT c.id, t.id FROM (SELECT id, row_number() OVER (ORDER BY id) r FROM cases WHERE organization_id = @org) c
              JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 r FROM tags WHERE organization_id = @org) t ON t.r = (c.r / 4) % 20
             WHERE c.r % 4 = 0;
            -- What the note service keeps: each case's live notes' text, which its search vector covers.
            UPDATE cases c SET notes_text = left(n.text, 200000)
              FROM (SELECT case_id, string_agg(body, E'\n' ORDER BY created_at) AS text FROM notes GROUP BY case_id) n
             WHERE n.case_id = c.id;
            ANALYZE;
            """, ("org", organizationId), ("words", Words));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }
}
