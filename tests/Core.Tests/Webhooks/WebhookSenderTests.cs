using System.Net;
using System.Net.Sockets;
using System.Text;
using Crashdesk.Core.Options;
using Crashdesk.Core.Webhooks;

namespace Crashdesk.Core.Tests.Webhooks;

/// <summary>
/// The sender against a real HTTP listener on loopback: the address check at connect time (a name
/// that resolves to a refused address), redirects not followed, and an answer echoing the signature
/// never kept as it was.
/// </summary>
public sealed class WebhookSenderTests
{
    private static readonly string Secret = WebhookSignature.NewSecret();

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_at_connect_time_when_loopback_is_not_allowed()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            using var sender = Sender(allowLoopback: false);
            // "localhost" passes no literal-address check: only the connect-time check sees where it leads.
            var result = await sender.SendAsync($"http://localhost:{port}/hook", "msg_1", [Secret], "{}", CancellationToken.None);
            Assert.False(result.Delivered);
            Assert.Null(result.StatusCode);
            Assert.Contains("loopback", result.Error, StringComparison.Ordinal);
            Assert.False(listener.Pending(), "a connection reached the listener");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_redirect_is_a_failed_try_and_is_not_followed()
    {
        await using var server = await Server.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.RedirectLocation = "http://169.254.169.254/latest/meta-data/";
        });
        using var sender = Sender(allowLoopback: true);
        var result = await sender.SendAsync(server.Url, "msg_2", [Secret], "{}", CancellationToken.None);
        Assert.Equal(302, result.StatusCode);
        Assert.False(result.Delivered);
        Assert.Contains("redirect", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task An_answer_echoing_the_signature_is_kept_masked_and_cut()
    {
        await using var server = await Server.StartAsync(context =>
        {
            var echo = Encoding.UTF8.GetBytes("got " + context.Request.Headers[WebhookSignature.SignatureHeader] + new string('x', 5000));
            context.Response.StatusCode = 200;
            context.Response.OutputStream.Write(echo);
        });
        using var sender = Sender(allowLoopback: true);
        var result = await sender.SendAsync(server.Url, "msg_3", [Secret], "{\"a\":1}", CancellationToken.None);
        Assert.True(result.Delivered);
        Assert.StartsWith("got [redacted]", result.ResponseExcerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("v1,", result.ResponseExcerpt, StringComparison.Ordinal);
        Assert.True(result.ResponseExcerpt!.Length <= 1000);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_a_failed_try()
    {
        await using var server = await Server.StartAsync(_ => Thread.Sleep(3000));
        using var sender = new WebhookSender(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { AllowLoopback = true, Timeout = TimeSpan.FromSeconds(1) }));
        var result = await sender.SendAsync(server.Url, "msg_4", [Secret], "{}", CancellationToken.None);
        Assert.False(result.Delivered);
        Assert.Contains("no answer within 1 s", result.Error, StringComparison.Ordinal);
        Assert.InRange(result.LatencyMs, 900, 2900);
    }

    private static WebhookSender Sender(bool allowLoopback) =>
        new(Microsoft.Extensions.Options.Options.Create(new WebhookOptions { AllowLoopback = allowLoopback }));

    /// <summary>HttpListener on a free loopback port, answering every request with <c>handle</c>.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private Task _loop = Task.CompletedTask;
        private int _requests;

        public string Url { get; private init; } = "";

        public int Requests => _requests;

        public static Task<Server> StartAsync(Action<HttpListenerContext> handle)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var server = new Server { Url = $"http://127.0.0.1:{port}/hook" };
            server._listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            server._listener.Start();
            server._loop = Task.Run(async () =>
            {
                while (server._listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await server._listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }
                    Interlocked.Increment(ref server._requests);
                    _ = Task.Run(() =>
                    {
                        try
                        {
                            handle(context);
                            context.Response.Close();
                        }
                        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                        {
                            // The client gave up (the timeout test).
                        }
                    });
                }
            });
            return Task.FromResult(server);
        }

        public async ValueTask DisposeAsync()
        {
            // Close alone: the managed HttpListener's Stop already unregisters the prefix, and a
            // Close after it unregisters again, which binds the port anew and can fail with
            // "Address already in use" when another test holds it by then.
            _listener.Close();
            await _loop;
        }
    }
}
