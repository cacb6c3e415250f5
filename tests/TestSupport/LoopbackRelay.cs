using System.Net;
using System.Net.Sockets;

namespace Crashdesk.TestSupport;

/// <summary>
/// A TCP proxy on loopback in front of a server, for tests of a bad link: bytes pass untouched (an S3 request's
/// signature, which covers its Host header, stays valid), and what the link does to them is the subclass's:
/// delay each read from the client (<c>SlowLink</c>), or reset connections part-way (<c>CuttingProxy</c>).
/// </summary>
public abstract class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private Task? _accepting;

    /// <summary>Relays to <paramref name="targetPort"/> on loopback once <see cref="Start"/> is called.</summary>
    protected LoopbackRelay(int targetPort) => _targetPort = targetPort;

    /// <summary>The proxy's address, for the client in place of the target's.</summary>
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Ended when the relay is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Listens on a free loopback port (a subclass calls it at the end of its constructor).</summary>
    protected void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A new connection's state for <see cref="ForwardAsync"/> (e.g. where to cut it); null: none.</summary>
    protected virtual object? OnAccept() => null;

    /// <summary>
    /// How many of the <paramref name="count"/> bytes just read from the client to pass on, and whether the
    /// connection ends after them. <paramref name="sentSoFar"/>: the client's bytes passed on this connection before.
    /// </summary>
    protected virtual ValueTask<(int Pass, bool End)> ForwardAsync(object? connection, long sentSoFar, int count) => ValueTask.FromResult((count, false));

    /// <summary>Whether a connection ends with a reset (RST, as when a link drops) rather than a graceful close.</summary>
    protected virtual bool ResetOnEnd => false;

    /// <summary>Whether the link passes bytes now; while false, a new connection ends at once and an open one at its next read.</summary>
    protected virtual bool IsOpen => true;

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
            _ = RelayAsync(client, OnAccept());
        }
    }

    private async Task RelayAsync(Socket client, object? connection)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (!IsOpen)
                return;
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var up = PumpAsync(client, server, connection, fromClient: true);
            var down = PumpAsync(server, client, connection, fromClient: false);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
            // A connection that breaks is the client's to notice; the proxy only stops relaying it.
        }
        finally
        {
            if (ResetOnEnd)
            {
                client.LingerState = new LingerOption(true, 0);
                server.LingerState = new LingerOption(true, 0);
            }
            client.Close();
            server.Close();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, object? connection, bool fromClient)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (!IsOpen)
                return;
            if (n == 0)
            {
                if (!ResetOnEnd)
                    to.Shutdown(SocketShutdown.Send);
                return;
            }
            var (pass, end) = fromClient ? await ForwardAsync(connection, total, n) : (n, false);
            int sent = 0;
            while (sent < pass)
                sent += await to.SendAsync(buffer.AsMemory(sent, pass - sent), SocketFlags.None, _stop.Token);
            total += pass;
            if (end)
                return;
        }
    }

    /// <summary>Stops listening and drops every relayed connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            if (_accepting is not null)
                await _accepting;
        }
        catch (Exception)
        {
        }
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
