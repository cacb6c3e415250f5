using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crashdesk.Analysis.Tests.Debuginfod;

/// <summary>
/// Debian's real `debuginfod` on a free loopback port, scanning (-F) a temporary directory that
/// holds a hard link to a fixture vmlinux; stopped (by its own process id) on dispose.
/// </summary>
public sealed class DebuginfodServer : IDisposable
{
    private readonly Process _process;

    public DebuginfodServer(string vmlinux)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("crashdesk-debuginfod-").FullName;
        string served = Path.Combine(Directory, "served");
        System.IO.Directory.CreateDirectory(served);
        string link = Path.Combine(served, "vmlinux");
        if (!TryHardLink(vmlinux, link))
            File.Copy(vmlinux, link);
        Port = FreePort();
        var psi = new ProcessStartInfo("debuginfod", ["-F", "-p", Port.ToString(), "-d", Path.Combine(Directory, "db.sqlite"), "-t", "0", "-g", "0", "-c", "1", served])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("debuginfod did not start");
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Directory { get; }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Waits until the server answers 200 for the build-id (its scan of the directory is done).</summary>
    public async Task WaitUntilServedAsync(string buildId, TimeSpan timeout)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"debuginfod exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                // debuginfod answers GET only (HEAD is a 400); read the headers, drop the body.
                using var r = await http.GetAsync(new Uri(Url, $"buildid/{buildId}/debuginfo"), HttpCompletionOption.ResponseHeadersRead);
                if (r.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        Assert.Fail($"debuginfod did not serve {buildId} within {timeout}");
    }

    private static bool TryHardLink(string source, string link)
    {
        var psi = new ProcessStartInfo("ln", [source, link]) { UseShellExecute = false, RedirectStandardError = true };
        using var ln = Process.Start(psi)!;
        ln.WaitForExit();
        return ln.ExitCode == 0;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
