using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Diagnostics;
using Crashdesk.Analysis.Engine;
using Crashdesk.Analysis.IO.Remote;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// The engine in a child process per analysis: the NativeAOT `crashdesk engine` reads the dump through a
/// <see cref="RemoteByteServer"/> on a socket in its run directory (this process keeps the object-store reader,
/// its read-ahead and its counters), asks once for the debug information (answered with a profile file from
/// <see cref="EngineWorkDirectory"/>), and prints one <see cref="EngineEnvelope"/>. The child limits its own CPU
/// time (RLIMIT_CPU) and runs under the GC's hard heap limit; the wall time is watched here, and cancellation
/// or the wall-time limit kill its process tree at once. How it ended decides the job's fate:
/// <see cref="ChildExit"/>.
/// </summary>
internal sealed class ChildProcessEngine(AnalysisEngineOptions options, EngineWorkDirectory work, ILogger<ChildProcessEngine> logger) : IAnalysisEngine
{
    /// <summary>Largest envelope read back (a report of a large machine is some MB; the bound stops a runaway child).</summary>
    public const int MaxEnvelopeBytes = 512 << 20;

    /// <summary>The test-only fault switch the engine command reads (README "Worker"): passed on to the child when set.</summary>
    public const string FaultVariable = "CRASHDESK_ENGINE_TEST_FAULT";

    /// <inheritdoc />
    public string Description => $"in a child process ({options.ResolvedPath}; wall {options.WallTimeLimit.TotalSeconds:0} s, CPU {options.CpuTimeLimit.TotalSeconds:0} s, heap {options.MemoryLimitBytes >> 20} MiB)";

    /// <inheritdoc />
    public async Task<EngineOutcome> RunAsync(EngineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        string directory = work.NewRunDirectory();
        try
        {
            return await RunInAsync(directory, run, cancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<EngineOutcome> RunInAsync(string directory, EngineRun run, CancellationToken cancellationToken)
    {
        string socket = Path.Combine(directory, "bytes.sock");
        string profileOut = Path.Combine(directory, "built.cdkprof");
        string file = run.Source.Name;
        await using var server = new RemoteByteServer(run.Source, socket, (question, ct) => AnswerAsync(run, question, ct));
        server.Start();

        var created = DateTimeOffset.UtcNow;
        long spawned = Stopwatch.GetTimestamp();
        using var process = Process.Start(StartInfo(run, socket, profileOut))
            ?? throw new InvalidOperationException($"the engine {options.ResolvedPath} could not be started");
        process.StandardInput.Close();
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, process);
        var stderr = new StderrTail(process);

        using var wall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wall.CancelAfter(options.WallTimeLimit);
        try
        {
            await process.WaitForExitAsync(wall.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            cancellationToken.ThrowIfCancellationRequested(); // the job is handed back, as an in-process cancellation is
            logger.LogWarning("Engine for {File} killed at its wall-time limit; stderr: {Stderr}", file, stderr.Text);
            throw new EngineProcessFailedException(string.Create(CultureInfo.InvariantCulture,
                $"the engine exceeded its wall-time limit of {options.WallTimeLimit.TotalSeconds:0} s ({AnalysisEngineOptions.Section}:WallTimeLimit) while analysing {file}"));
        }
        var envelopeBytes = await stdout;
        await stderr.Completion;
        double wallMs = Stopwatch.GetElapsedTime(spawned).TotalMilliseconds;

        var exit = new ChildExit(process.ExitCode, file, options);
        if (exit.Signal is not null)
        {
            logger.LogWarning("Engine for {File} ended by {Signal}; stderr: {Stderr}", file, UnixSignals.Name(exit.Signal.Value), stderr.Text);
            throw exit.SignalFailure();
        }
        var envelope = Parse(envelopeBytes, process.ExitCode, file, stderr.Text);
        if (envelope.Failure is { } failure)
        {
            // The store failed under the child: its own exception, so the job is retried, never "the dump is bad".
            if (server.FirstFailure is { } served)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(served);
            logger.LogInformation("Engine for {File} failed ({Kind}): {Message}", file, failure.Kind, failure.Message);
            throw exit.EnvelopeFailure(failure);
        }
        if (server.FirstFailure is { } unanswered)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(unanswered);

        var timings = envelope.Report is null || envelope.IsLog ? null : Timings(envelope, wallMs);
        var built = envelope.ProfileWritten ? ReadBuiltProfile(profileOut, envelope.BuildId, file) : null;
        logger.LogInformation("Engine process for {File}: {WallMs:F1} ms, of which the engine command {EngineMs:F1} ms",
            file, wallMs, envelope.EngineMs);
        return new EngineOutcome(envelope.Report ?? throw new EngineReportedException(EngineFailureKinds.Other, $"the engine gave no report for {file}"),
            envelope.IsLog, envelope.Report.Excerpt is not null, envelope.BuildId, timings, created, built);
    }

    private ProcessStartInfo StartInfo(EngineRun run, string socket, string profileOut)
    {
        var start = new ProcessStartInfo(options.ResolvedPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // closed at once: the child never reads the worker's stdin
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(socket)!,
        };
        foreach (string argument in (string[])["engine", "--channel", socket, "--profile-out", profileOut,
            "--cpu-seconds", ((long)Math.Ceiling(options.CpuTimeLimit.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            "--limits", JsonSerializer.Serialize(run.Limits, ReportJson.Options)])
            start.ArgumentList.Add(argument);
        if (run.UploadedAsLog)
            start.ArgumentList.Add("--log");
        // The child gets no secrets: an empty environment but for what a process needs and its heap limit.
        string? fault = Environment.GetEnvironmentVariable(FaultVariable);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["TMPDIR"] = Path.GetDirectoryName(socket)!;
        // Hex digits without "0x": NativeAOT's runtime ignores a prefixed value (tried here: DOTNET_GCHeapHardLimit=0x2000000
        // left the heap unbounded, =2000000 stopped the CLI at 32 MiB with an OutOfMemoryException).
        start.Environment["DOTNET_GCHeapHardLimit"] = options.MemoryLimitBytes.ToString("x", CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(fault))
            start.Environment[FaultVariable] = fault;
        return start;
    }

    /// <summary>
    /// The question is the dump's identity (JSON); the answer the profile file's path after "dump:" (a kept dump
    /// profile) or "debug:" (a debug kernel's), or empty for none (the engine command's EngineCommand reads it).
    /// </summary>
    private async Task<byte[]> AnswerAsync(EngineRun run, byte[] question, CancellationToken cancellationToken)
    {
        var identity = JsonSerializer.Deserialize<DumpIdentity>(question, ReportJson.Options)
            ?? throw new InvalidDataException("the engine asked for debug information without a dump identity");
        var resolved = await run.ResolveDebugInfo(identity, cancellationToken);
        return resolved is null ? [] : Encoding.UTF8.GetBytes((resolved.Profile.FromDump ? "dump:" : "debug:") + work.ProfileFile(resolved));
    }

    private static PhaseTimings Timings(EngineEnvelope envelope, double wallMs)
    {
        var timings = new PhaseTimings();
        foreach (var phase in envelope.Phases)
            timings.Record(phase.Phase, TimeSpan.FromMilliseconds(phase.StartMs), phase.WallMs, phase.CpuMs);
        // What the child costs beyond its analysis (spawn, runtime start, channel connection, output, exit): the
        // in-process engine has none of it.
        timings.Record("engine process overhead", TimeSpan.Zero, Math.Max(0, wallMs - envelope.EngineMs), 0);
        return timings;
    }

    private static EngineEnvelope Parse(byte[] bytes, int exitCode, string file, string stderr)
    {
        try
        {
            return JsonSerializer.Deserialize<EngineEnvelope>(bytes, ReportJson.Options) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new EngineReportedException(EngineFailureKinds.Other,
                $"the engine ended with exit code {exitCode} without a report for {file}: {Last(stderr, 500)}");
        }
    }

    private static KernelProfile? ReadBuiltProfile(string path, string? buildId, string file)
    {
        // The child is trusted no more than the dump it read: the profile is read with the reader's own checks
        // and must be of the dump's build.
        var profile = KernelProfileSerializer.Read(path).AsDumpProfile();
        return string.Equals(profile.Identity.BuildId, buildId, StringComparison.OrdinalIgnoreCase) ? profile
            : throw new InvalidDataException($"the engine built a profile of build {profile.Identity.BuildId} from {file}, whose build-id is {buildId}");
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, Process process)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = await stream.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + n > MaxEnvelopeBytes)
            {
                KillTree(process);
                throw new EngineProcessFailedException($"the engine wrote more than {MaxEnvelopeBytes >> 20} MiB of report");
            }
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }

    private static string Last(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}
