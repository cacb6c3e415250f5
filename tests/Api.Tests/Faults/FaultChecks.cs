using Npgsql;

namespace Crashdesk.Api.Tests.Faults;

/// <summary>
/// What every fault test reads from the database after the fault: the analysis rows, counts, and a bounded
/// wait for a condition (each test's own patience, so a hung recovery fails with what was seen).
/// The faults here: PostgreSQL restarted, the S3 server unreachable, the local store's disk full. A worker
/// SIGKILLed mid-analysis is <see cref="WorkerScaleOutTests.A_job_whose_worker_died_is_recovered_by_another_worker"/>.
/// </summary>
internal static class FaultChecks
{
    /// <summary>An analysis_jobs row as the checks read it.</summary>
    public sealed record JobRow(Guid Id, string Status, int Attempts, string? Worker, string? Error, string? ProgressMessage);

    /// <summary>Every analysis row, oldest first.</summary>
    public static async Task<List<JobRow>> JobsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id, status, attempts, worker_name, error, progress_message FROM analysis_jobs ORDER BY created_at", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<JobRow>();
        while (await reader.ReadAsync())
            rows.Add(new JobRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return rows;
    }

    /// <summary>One value of <paramref name="sql"/>.</summary>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; fails after <paramref name="patience"/> with <paramref name="diagnostics"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan patience, Func<string> diagnostics) where T : class
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            T? result = null;
            try
            {
                result = await probe();
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // The test's own reads may land in the fault (a restarting server): try again.
            }
            if (result is not null)
                return result;
            Xunit.Assert.True(DateTime.UtcNow < deadline, $"timed out after {patience.TotalSeconds:F0} s waiting for {what}\n{diagnostics()}");
            await Task.Delay(250);
        }
    }

    /// <summary>The last <paramref name="chars"/> characters of <paramref name="text"/>.</summary>
    public static string Tail(string text, int chars = 4000) => text.Length <= chars ? text : text[^chars..];
}
