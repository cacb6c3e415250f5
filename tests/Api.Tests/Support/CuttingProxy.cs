using System.Net;
using System.Net.Sockets;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// A TCP proxy on loopback in front of a server that drops connections like a bad link: each of the first
/// <c>cuts</c> connections is reset (RST) after a random number of bytes from the client (seeded, so a failure
/// repeats), usually in the middle of a request body; later connections pass untouched.
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly Random _random;
    private readonly int _minBytes, _maxBytes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _cutsLeft;
    private int _cuts;

    public CuttingProxy(int targetPort, int seed, int cuts, int minBytes = 64 * 1024, int maxBytes = 1200 * 1024)
    {
        _targetPort = targetPort;
        _random = new Random(seed);
        _cutsLeft = cuts;
        _minBytes = minBytes;
        _maxBytes = maxBytes;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How many connections were cut so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

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
            long? cutAfter;
            lock (_random)
                cutAfter = _cutsLeft-- > 0 ? _random.Next(_minBytes, _maxBytes) : null;
            _ = RelayAsync(client, cutAfter);
        }
    }

    private async Task RelayAsync(Socket client, long? cutAfter)
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            var up = PumpAsync(client, server, cutAfter);
            var down = PumpAsync(server, client, null);
            await Task.WhenAny(up, down);
        }
        catch (Exception)
        {
        }
        finally
        {
            // A reset, not a graceful close: both ends see the connection die, as when a link drops.
            client.LingerState = new LingerOption(true, 0);
            server.LingerState = new LingerOption(true, 0);
            client.Close();
            server.Close();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, long? cutAfter)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        while (true)
        {
            int n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (n == 0)
                return;
            if (cutAfter is { } limit && total + n >= limit)
            {
                int part = (int)(limit - total);
                if (part > 0)
                    await to.SendAsync(buffer.AsMemory(0, part), SocketFlags.None);
                Interlocked.Increment(ref _cuts);
                return;
            }
            await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            total += n;
        }
    }

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
