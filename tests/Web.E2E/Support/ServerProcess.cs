using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// The real Api host (REST + Blazor UI + in-process worker) as a child process, started from its
/// build output (src/Api/bin/&lt;configuration&gt;/net10.0/Crashdesk.Api.dll) on a free loopback
/// port, configured through environment variables only, as run.sh and docker-compose do.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int MaxKeptLines = 400;
    /// <summary>Every line of every server process started in this test run (for the secrets-in-logs test).</summary>
    private static readonly ConcurrentQueue<string> _everyLine = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public string BaseUrl { get; }

    /// <summary>The host process's id (a benchmark reads its memory from /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>The last lines the server printed (for failure messages).</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Every line any server process of this test run printed so far (stdout and stderr, the host's whole log).</summary>
    public static IReadOnlyList<string> EveryLineOfTheRun => [.. _everyLine];

    /// <summary>Starts the Api host on <paramref name="port"/> (a free one when null: a test that must name the URL first picks it).</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan readyTimeout, int? port = null)
    {
        string apiDll = ApiAssemblyPath();
        port ??= FreeLoopbackPort();
        string baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [apiDll])
        {
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = baseUrl;
        // Production on purpose: the UI's assets must be served outside Development too.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start dotnet {apiDll}");
        var server = new ServerProcess(process, baseUrl);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(readyTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the Api host exited with code {_process.ExitCode} before it was ready:\n{RecentOutput}");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow (migrations, JIT): try again.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the Api host at {BaseUrl} was not healthy within {timeout.TotalSeconds} s:\n{RecentOutput}");
    }

    /// <summary>The Api's own build output beside this test project's (same configuration).</summary>
    private static string ApiAssemblyPath()
    {
        // A benchmark may run a published host instead of the build output (e.g. ReadyToRun: bench-service.sh).
        if (Environment.GetEnvironmentVariable("CRASHDESK_API_DLL") is { Length: > 0 } published)
            return published;
        // AppContext.BaseDirectory = <repo>/tests/Web.E2E/bin/<configuration>/<tfm>/
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = tfmDir.Parent?.Name ?? "Release";
        string path = Path.Combine(FixtureFiles.RepositoryRoot, "src", "Api", "bin", configuration, tfmDir.Name, "Crashdesk.Api.dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"the Api host is not built: {path} (dotnet build Crashdesk.slnx -c {configuration})", path);
        return path;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        _everyLine.Enqueue(line);
        _output.Enqueue(line);
        while (_output.Count > MaxKeptLines && _output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
