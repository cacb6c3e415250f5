using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Data.Migrations;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Crashdesk.Api.Tests;

/// <summary>
/// An upgrade in place: a database at the previous migration (0003, jobs on Quartz.NET) holding
/// queued analyses — and one a dead Quartz node left running — is opened by this version with
/// migrate-on-start and the in-process worker: 0004 and Hangfire's schema are applied, the start-up
/// sweep enqueues every open row on Hangfire, and each analysis finishes exactly once.
/// </summary>
public sealed class UpgradeFromQuartzTests
{
    private const string Fixture = "debian-6.1-cloud/sysrq-c/kdump-zlib";

    [Fact]
    public async Task Analyses_queued_under_the_previous_version_all_finish_once_after_the_upgrade()
    {
        var database = await TestDatabase.CreateAsync(migrate: false);
        var previous = TestDatabase.Migrations().Where(m => m.Version <= 3).ToList();
        Assert.Contains(previous, m => m.Name == "quartz");
        await new SqlMigrationRunner(NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(database.ConnectionString, previous);
        var root = TestStores.TempDirectory();
        var store = new LocalBlobStore(root);

        var caseId = Guid.CreateVersion7();
        var jobIds = new List<Guid>();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            var orgId = Guid.CreateVersion7();
            await ExecuteAsync(connection, $"""
                INSERT INTO organizations (id, name, created_at) VALUES ('{orgId}', 'upgraded', now());
                INSERT INTO cases (id, organization_id, title, customer, created_at, updated_at) VALUES ('{caseId}', '{orgId}', 'before the upgrade', 'ACME', now(), now());
                """);
            for (int i = 0; i < 4; i++)
            {
                var artifactId = Guid.CreateVersion7();
                var key = BlobKeys.ForArtifact(caseId, artifactId);
                await using (var dump = File.OpenRead(TestFixtures.DumpFile(Fixture)))
                    await store.WriteAsync(key, dump, long.MaxValue);
                var jobId = Guid.CreateVersion7();
                jobIds.Add(jobId);
                // The last one was claimed by a Quartz node that died: running, no lease (the column is new).
                string status = i == 3 ? "running" : "queued";
                await ExecuteAsync(connection, $"""
                    INSERT INTO artifacts (id, case_id, file_name, kind, storage_key, size, sha256, uploaded_at)
                    VALUES ('{artifactId}', '{caseId}', 'dump-{i}.zlib', 'vmcore', '{key}', 1, '', now());
                    INSERT INTO analysis_jobs (id, case_id, artifact_id, status, progress, attempts, created_at, worker_name)
                    VALUES ('{jobId}', '{caseId}', '{artifactId}', '{status}', 0, {(i == 3 ? 1 : 0)}, now(), {(i == 3 ? "'quartz-node-dead'" : "NULL")});
                    INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery)
                    VALUES ('crashdesk', 'analysis-{jobId:N}', 'analyses', 'Crashdesk.Core.Jobs.AnalyzeDumpJob, Core', false, false, false, true);
                    """);
            }
        }

        await using (var factory = await ApiFactory.CreateAsync(worker: true, database: database, localRoot: root,
            extraSettings: new Dictionary<string, string?> { ["Database:MigrateOnStart"] = "true", ["Worker:PollInterval"] = "00:00:01" }))
        {
            _ = factory.Services; // starts the host: migrations, then the start-up sweep, then the job servers
            var deadline = DateTime.UtcNow.AddMinutes(4);
            List<(Guid Id, string Status, int Attempts, string? Error)> rows;
            while (true)
            {
                rows = await JobsAsync(database);
                if (rows.All(r => r.Status is "done" or "failed"))
                    break;
                Assert.True(DateTime.UtcNow < deadline, "not finished: " + string.Join(", ", rows.Select(r => $"{r.Id} {r.Status}")));
                await Task.Delay(300);
            }

            Assert.Equal(jobIds.Order(), rows.Select(r => r.Id).Order());
            Assert.All(rows, r => Assert.True(r.Status == "done", $"{r.Id} ended {r.Status}: {r.Error}"));
            Assert.Equal([1, 1, 1, 2], rows.OrderBy(r => r.Id).Select(r => r.Attempts));
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            Assert.Equal(4L, await ScalarAsync(connection, $"SELECT count(*) FROM reports WHERE case_id = '{caseId}'"));
            Assert.Equal(4L, await ScalarAsync(connection, $"SELECT count(DISTINCT analysis_job_id) FROM reports WHERE case_id = '{caseId}'"));
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz%'"));
            // Hangfire marks a job Succeeded just after the work has finished its row: give the last one a moment.
            long succeeded = 0;
            for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(200))
            {
                if ((succeeded = await ScalarAsync(connection, "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded'")) >= 4)
                    break;
            }
            Assert.Equal(4L, succeeded);
        }
    }

    private static async Task<List<(Guid Id, string Status, int Attempts, string? Error)>> JobsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, status, attempts, error FROM analysis_jobs", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid, string, int, string?)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return rows;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
