using System.Collections.Concurrent;
using System.Diagnostics;

namespace Crashdesk.Fuzz.Runner;

/// <summary>A slice of one target's inputs, run by one worker process (restarted after a crash or hang).</summary>
public sealed record Batch(string Target, long From, long To);

/// <summary>How a run is bounded.</summary>
public sealed record RunSettings(int Seed, string Findings, int Jobs, TimeSpan Hang, long MemoryCapBytes, int MaxFlood, string? Fixtures);

/// <summary>What a run found, summed over its batches.</summary>
public sealed class RunTotals
{
    public long Inputs, Crashes, Hangs, Messages, PeakBytes, SlowestMs;
    public string Slowest = "";
    public readonly ConcurrentQueue<string> Found = new();
}

/// <summary>
/// Runs batches in child processes, <see cref="RunSettings.Jobs"/> at a time: a watchdog kills a worker
/// whose input runs longer than <see cref="RunSettings.Hang"/> (a hang); a worker that dies mid-input
/// (native crash, stack overflow, managed heap past the cap) is a crash. Either way the input is made
/// again by a fresh process and saved, and the batch goes on after it.
/// </summary>
public sealed class Supervisor(RunSettings settings)
{
    private readonly string _dll = typeof(Supervisor).Assembly.Location;

    public RunTotals Run(IReadOnlyList<Batch> batches)
    {
        var totals = new RunTotals();
        // In the given order (longest first balances the lanes), one batch at a time per lane.
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(batches, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = settings.Jobs }, b => RunBatch(b, totals));
        return totals;
    }

    private void RunBatch(Batch batch, RunTotals totals)
    {
        var sw = Stopwatch.StartNew();
        long next = batch.From, done = 0, problems = 0, slowest = 0, peak = 0;
        while (next < batch.To)
        {
            var lines = new BlockingCollection<string>();
            var stderr = new ConcurrentQueue<string>();
            using var p = Start(["worker", "--target", batch.Target, "--from", next.ToString(), "--to", batch.To.ToString()]);
            p.OutputDataReceived += (_, e) => { if (e.Data is null) lines.CompleteAdding(); else lines.Add(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) { stderr.Enqueue(e.Data); while (stderr.Count > 20) stderr.TryDequeue(out string? _); } };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            long? current = null;
            bool ready = false;
            var clock = Stopwatch.StartNew();
            while (!lines.IsCompleted)
            {
                if (lines.TryTake(out string? line, 200))
                {
                    var f = line.Split(' ', 4);
                    switch (f[0])
                    {
                        case "READY":
                            ready = true;
                            break;
                        case "B":
                            current = long.Parse(f[1]);
                            clock.Restart();
                            break;
                        case "F":
                            problems++;
                            Count(totals, f[2]);
                            totals.Found.Enqueue($"{batch.Target} #{f[1]} {f[2]}: {(f.Length > 3 ? f[3] : "")}");
                            break;
                        case "E":
                            long i = long.Parse(f[1]), ms = long.Parse(f[2]), kib = long.Parse(f[3]);
                            current = null;
                            next = i + 1;
                            done++;
                            Interlocked.Increment(ref totals.Inputs);
                            if (ms > slowest) slowest = ms;
                            peak = Math.Max(peak, kib << 10);
                            lock (totals)
                            {
                                totals.PeakBytes = Math.Max(totals.PeakBytes, kib << 10);
                                if (ms > totals.SlowestMs) (totals.SlowestMs, totals.Slowest) = (ms, $"{batch.Target} #{i}");
                            }
                            break;
                    }
                    continue;
                }
                if (current is { } c && clock.Elapsed > settings.Hang)
                {
                    Kill(p);
                    Record(totals, batch.Target, c, "hang", $"still running after {settings.Hang.TotalSeconds:0} s");
                    problems++;
                    next = c + 1;
                    current = null;
                    break;
                }
                if (!ready && clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    Kill(p);
                    throw new InvalidOperationException($"fuzz target {batch.Target}: loading its seeds took over 5 minutes");
                }
            }
            p.WaitForExit();
            if (current is { } dead)
            {
                Record(totals, batch.Target, dead, "crash", $"the worker died (exit code {p.ExitCode}): {string.Join(" | ", stderr.TakeLast(6))}");
                problems++;
                next = dead + 1;
            }
            else if (p.ExitCode is not (0 or 3 or 137) && next < batch.To)
            {
                throw new InvalidOperationException($"fuzz target {batch.Target}: the worker failed before its first input (exit code {p.ExitCode}): {string.Join(" | ", stderr)}");
            }
        }
        Console.WriteLine($"fuzz: {batch.Target,-13} {done,6} inputs, {problems} findings, slowest {slowest} ms, peak {peak >> 20} MB, {sw.Elapsed.TotalSeconds:0.0} s");
    }

    private static void Count(RunTotals totals, string kind)
    {
        if (kind == "message")
            Interlocked.Increment(ref totals.Messages);
        else if (kind == "hang")
            Interlocked.Increment(ref totals.Hangs);
        else
            Interlocked.Increment(ref totals.Crashes);
    }

    /// <summary>Counts a hang or a death and has a fresh worker save the input.</summary>
    private void Record(RunTotals totals, string target, long index, string kind, string what)
    {
        Count(totals, kind);
        totals.Found.Enqueue($"{target} #{index} {kind}: {what}");
        using var p = Start(["save", "--target", target, "--index", index.ToString(), "--kind", kind, "--what", what]);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
            Kill(p);
    }

    private Process Start(IEnumerable<string> args)
    {
        // The workers run under the same `dotnet` host as ./test.sh starts the fuzzer with (named, so the check that
        // every program a test starts is installed can read it: tests/Analysis.Tests/Support/TestProgramsTests.cs).
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(_dll);
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        foreach (string a in (string[])["--seed", settings.Seed.ToString(), "--findings", settings.Findings, "--memory-cap-mb", (settings.MemoryCapBytes >> 20).ToString(), "--max-flood", settings.MaxFlood.ToString()])
            psi.ArgumentList.Add(a);
        if (settings.Fixtures is { } fx)
        {
            psi.ArgumentList.Add("--fixtures");
            psi.ArgumentList.Add(fx);
        }
        // The managed heap's hard limit is the memory cap: an input that needs more ends in an
        // OutOfMemoryException (a crash finding), not in the machine swapping (GC configuration docs:
        // GCHeapHardLimit, hexadecimal).
        psi.Environment["DOTNET_GCHeapHardLimit"] = settings.MemoryCapBytes.ToString("x");
        psi.Environment["DOTNET_gcServer"] = "0";
        return Process.Start(psi)!;
    }

    private static void Kill(Process p)
    {
        try
        {
            p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
