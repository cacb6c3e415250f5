using System.Diagnostics;

namespace Crashdesk.Benchmarks.Service;

/// <summary>
/// The NativeAOT CLI on the same dump in the same run: <c>crashdesk analyze DUMP --json</c>, the whole report the
/// service writes (every task's stack, no debug kernel, as the service analyses a dump whose build it has none for).
/// </summary>
public static class CliRuns
{
    /// <summary>Wall times of <paramref name="runs"/> runs, in milliseconds (the output is read and dropped).</summary>
    public static async Task<List<double>> TimeAsync(string cli, string dump, int runs)
    {
        var times = new List<double>();
        for (int i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo(cli, ["analyze", dump, "--json"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cli}");
            var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await drain;
            clock.Stop();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"crashdesk analyze {dump} exited {process.ExitCode}: {await errors}");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
