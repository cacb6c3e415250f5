using System.Net;
using System.Net.Sockets;

namespace Crashdesk.Core.Tests.Support;

/// <summary>
/// A debuginfod that lies: answers every <c>/buildid/{id}/debuginfo</c> with one fixed file, whatever
/// build-id was asked (a real debuginfod indexes files by their own build-id, so it cannot be made to).
/// Loopback only (HttpListener on 127.0.0.1, a free port); stopped on dispose.
/// </summary>
public sealed class LyingDebuginfodServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _file;
    private readonly Task _serving;

    public LyingDebuginfodServer(string file)
    {
        _file = file;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>How many requests it answered.</summary>
    public int Requests { get; private set; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Requests++;
            using var response = context.Response;
            if (!context.Request.Url!.AbsolutePath.EndsWith("/debuginfo", StringComparison.Ordinal))
            {
                response.StatusCode = 404;
                continue;
            }
            response.ContentLength64 = new FileInfo(_file).Length;
            try
            {
                await using var body = File.OpenRead(_file);
                await body.CopyToAsync(response.OutputStream);
            }
            catch (HttpListenerException)
            {
                // The client stopped reading (e.g. its size limit): nothing to do.
            }
        }
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
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Stopped mid-request.
        }
    }
}
