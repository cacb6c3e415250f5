using System.Diagnostics;
using System.Text;

namespace Crashdesk.TestSupport;

/// <summary>
/// A real Crashdesk.Worker process (src/Worker's build output, as deployed) on the test database and
/// a shared local store. Its output is kept for failure messages; disposing kills it.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The name the test gave this worker (for messages).</summary>
    public string Name { get; }

    /// <summary>The process id (a benchmark reads its memory from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// The workers' Hangfire invisibility timeout in these tests: a killed worker's job is handed on
    /// after about this long (production: two minutes, WorkerOptions).
    /// </summary>
    public static readonly TimeSpan InvisibilityTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far, stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>
    /// Starts a worker on <paramref name="connectionString"/> and the local store at <paramref name="storeRoot"/>, one analysis
    /// at a time, holding <paramref name="hold"/> before each (a test's window to kill it mid-analysis); <paramref name="environment"/> overrides.
    /// </summary>
    public static WorkerProcess Start(string name, string connectionString, string storeRoot, TimeSpan hold,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = WorkerDll();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Database__ConnectionString"] = connectionString;
        start.Environment["Storage__Provider"] = "Local";
        start.Environment["Storage__LocalPath"] = storeRoot;
        start.Environment["Worker__Queues__analysis"] = "1";
        start.Environment["Worker__PollInterval"] = "00:00:01";
        start.Environment["Worker__InvisibilityTimeout"] = InvisibilityTimeout.ToString("c");
        start.Environment["Worker__HoldBeforeAnalysis"] = hold.ToString("c");
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Hangfire"] = "Information";
        // The published engine ./test.sh makes: the worker's default (Analysis:Engine:Mode Auto) then runs each
        // analysis in a child process, as a deployed worker does.
        if (Environment.GetEnvironmentVariable("CRASHDESK_TEST_ENGINE") is { Length: > 0 } engine)
            start.Environment["Analysis__Engine__Path"] = engine;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        return new WorkerProcess(process, name);
    }

    /// <summary>src/Worker/bin/&lt;same configuration as these tests&gt;/net10.0/Crashdesk.Worker.dll.</summary>
    public static string WorkerDll()
    {
        // A benchmark may run a published worker instead of the build output (e.g. ReadyToRun: bench-service.sh).
        if (Environment.GetEnvironmentVariable("CRASHDESK_WORKER_DLL") is { Length: > 0 } published)
            return published;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "src", "Worker", "bin", configuration, "net10.0", "Crashdesk.Worker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"the Worker is not built: {dll} (build the solution first)", dll);
    }

    /// <summary>Kills the process as a crash would: no shutdown, no check-out from the cluster.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(30_000);
        }
    }

    /// <summary>Kills the process (<see cref="Kill"/>) and releases it.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
