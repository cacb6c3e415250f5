using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Api.Tests.Support;

/// <summary>
/// A real webhook receiver: Kestrel on a loopback port, recording every POST to /hooks with its
/// Standard Webhooks headers and the time it arrived. Can be stopped and started again on the same
/// port (a receiver that is down for a while), and told which status to answer.
/// </summary>
public sealed class WebhookReceiver(int? port = null) : IAsyncDisposable
{
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly List<ReceivedWebhook> _seen = [];
    private readonly List<ReceivedWebhook> _waiting = [];
    private WebApplication? _app;

    public int Port { get; } = port ?? FreePort();

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>The status every POST is answered with, and the answer's text.</summary>
    public int StatusCode { get; set; } = 200;

    public string Answer { get; set; } = "thanks";

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            string body = await reader.ReadToEndAsync();
            _received.Writer.TryWrite(new ReceivedWebhook(DateTimeOffset.UtcNow, request.Headers["webhook-id"].ToString(),
                request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(), body));
            return Results.Text(Answer, "text/plain", statusCode: StatusCode);
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// The next webhook of <paramref name="type"/> not returned before. Deliveries of one event stream run
    /// concurrently, so they may arrive in any order: ones of other types wait for their own call.
    /// </summary>
    public async Task<ReceivedWebhook> NextAsync(string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                lock (_seen)
                {
                    if (_waiting.FirstOrDefault(w => w.Type == type) is { } waiting)
                    {
                        _waiting.Remove(waiting);
                        return waiting;
                    }
                }
                var webhook = await _received.Reader.ReadAsync(cancel.Token);
                lock (_seen)
                {
                    _seen.Add(webhook);
                    _waiting.Add(webhook);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {type} webhook arrived at {Url} within {timeout.TotalSeconds} s; seen: {string.Join(", ", Seen.Select(s => s.Type))}");
        }
    }

    /// <summary>Everything <see cref="NextAsync"/> read so far.</summary>
    public IReadOnlyList<ReceivedWebhook> Seen
    {
        get
        {
            lock (_seen)
                return [.. _seen];
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One POST as received: when, the three Standard Webhooks headers, the body.</summary>
public sealed record ReceivedWebhook(DateTimeOffset At, string Id, string Timestamp, string Signature, string Body)
{
    public string Type => JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;

    public JsonElement Data => JsonDocument.Parse(Body).RootElement.GetProperty("data");
}
