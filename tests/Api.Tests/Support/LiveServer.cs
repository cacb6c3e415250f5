using System.Net;
using System.Net.Sockets;

namespace Crashdesk.Api.Tests.Support;

/// <summary>The Api host on a real Kestrel socket (loopback, a free port), for clients that need TCP: a proxy, the CLI process.</summary>
public static class LiveServer
{
    /// <summary>Starts <paramref name="factory"/> on Kestrel; returns its port. Call before anything else uses the factory.</summary>
    public static int Start(ApiFactory factory)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        return port;
    }

    /// <summary>A plain client of the live server sending the API key (the factory's own clients stay in-memory).</summary>
    public static HttpClient Client(int port, string apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }
}
