using System.Net;
using System.Net.Sockets;

namespace Crashdesk.Web.E2E.Support;

/// <summary>
/// A TCP proxy on loopback in front of a server that behaves like a distant link: while <see cref="Delay"/> is
/// set, every read from the client (an HTTP request: one ranged GET of the dump) waits that long before it is
/// passed on, as a round trip to an object store in another region costs. The delay can change while
/// connections are open (a test analyses a dump at full speed, then slows the link for the console).
/// Bytes pass untouched, so an S3 request's signature (which covers its Host header) stays valid.
/// </summary>
public sealed class SlowLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _delayTicks;
    private long _delayedReads;

    /// <summary>Listens on a free loopback port and relays to <paramref name="target"/>'s port on loopback.</summary>
    public SlowLink(Uri target)
    {
        _targetPort = target.Port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's address, for the client in place of the target's.</summary>
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How long each read from a client waits before it goes on (zero: none).</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Client reads that waited so far (about one per request).</summary>
    public long DelayedReads => Interlocked.Read(ref _delayedReads);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var up = PumpAsync(client, server, delayed: true);
            var down = PumpAsync(server, client, delayed: false);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // A connection that breaks is the client's to notice; the proxy only stops relaying it.
        }
        finally
        {
            client.Close();
            server.Close();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool delayed)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (n == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }
            if (delayed && Delay is { Ticks: > 0 } delay)
            {
                Interlocked.Increment(ref _delayedReads);
                await Task.Delay(delay, _stop.Token);
            }
            int sent = 0;
            while (sent < n)
                sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None, _stop.Token);
        }
    }

    /// <summary>Stops listening and drops every relayed connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
    }
}
