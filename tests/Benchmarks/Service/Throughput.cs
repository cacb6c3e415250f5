using System.Diagnostics;
using Crashdesk.Benchmarks.Shared;
using Crashdesk.TestSupport;
using Npgsql;

namespace Crashdesk.Benchmarks.Service;

/// <summary>
/// Analyses per minute per worker: <paramref name="queued"/> analyses already waiting in the queue (uploaded while no
/// worker ran), then <c>workers</c> real Worker processes (src/Worker, one analysis at a time each) started together;
/// the clock runs from their start to the last job's end, so the workers' own start-up and JIT are inside it, as
/// after a deployment. Peak RSS of each worker sampled every 50 ms.
/// </summary>
public static class Throughput
{
    /// <summary>Runs the workers until every queued analysis has ended, and prints what each did.</summary>
    public static async Task<bool> RunAsync(string database, string storeRoot, int workers, int queued, IReadOnlyDictionary<string, string> environment)
    {
        var started = Stopwatch.StartNew();
        var processes = Enumerable.Range(1, workers)
            .Select(i => WorkerProcess.Start($"bench-worker-{i}", database, storeRoot, TimeSpan.Zero, environment)).ToList();
        var peak = new long[workers];
        var pids = processes.Select(p => p.ProcessId).ToArray();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        int ended = 0;
        try
        {
            while (DateTime.UtcNow < deadline)
            {
                for (int i = 0; i < workers; i++)
                    peak[i] = Math.Max(peak[i], BenchService.Rss(pids[i]));
                if (processes.FirstOrDefault(p => p.HasExited) is { } dead)
                    throw new InvalidOperationException($"{dead.Name} exited:\n{dead.Output}");
                ended = await CountEndedAsync(database);
                if (ended >= queued)
                    break;
                await Task.Delay(50);
            }
            started.Stop();
        }
        finally
        {
            foreach (var p in processes)
                p.Dispose();
        }
        var perWorker = await PerWorkerAsync(database);
        double minutes = started.Elapsed.TotalMinutes;
        Console.WriteLine($"\nthroughput: {queued} queued analyses, {workers} workers (one analysis at a time each) on {Environment.ProcessorCount} cores:");
        Console.WriteLine($"  all ended in {started.Elapsed.TotalSeconds:0.0} s (worker start-up included) = {ended / minutes:0} analyses/min, {ended / minutes / workers:0} per worker");
        for (int i = 0; i < workers; i++)
        {
            string name = processes[i].Name;
            // analysis_jobs.worker_name is "machine:pid" (WorkerIdentity).
            string suffix = $":{pids[i]}";
            var mine = perWorker.Where(w => w.Worker.EndsWith(suffix, StringComparison.Ordinal)).ToList();
            int done = mine.Sum(w => w.Done);
            int failed = mine.Sum(w => w.Failed);
            Console.WriteLine($"  {name}: {done} done, {failed} failed, {done / minutes:0} analyses/min, peak RSS {peak[i] / 1048576.0:0} MiB");
        }
        bool allDone = perWorker.Sum(w => w.Done) == queued;
        if (!allDone)
            Console.WriteLine($"  NOT ALL DONE: {string.Join(", ", perWorker.Select(w => $"{w.Worker}: {w.Done} done, {w.Failed} failed"))}");
        return allDone;
    }

    private static async Task<int> CountEndedAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM analysis_jobs WHERE status IN ('done', 'failed')", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private static async Task<List<(string Worker, int Done, int Failed)>> PerWorkerAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(worker_name, '?'), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'failed') FROM analysis_jobs GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int, int)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1)), Convert.ToInt32(reader.GetValue(2))));
        return rows;
    }
}
