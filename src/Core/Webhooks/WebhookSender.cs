using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Crashdesk.Core.Options;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// POSTs one signed webhook and reports what came back. One HttpClient for the process (pooled
/// connections). Redirects are not followed (a 3xx is a failed try: it could point anywhere the
/// address policy forbids), no proxy is used (the policy must see the real destination), and every
/// address is checked when the connection is made (<see cref="WebhookAddressPolicy"/>).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private const int ExcerptBytes = 1000;
    private readonly HttpClient _client;
    private readonly WebhookOptions _options;
    private readonly WebhookAddressPolicy _policy;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        _options = options.Value;
        _policy = new WebhookAddressPolicy(_options);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = _options.Timeout,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Sends <paramref name="body"/> to <paramref name="url"/> with the Standard Webhooks headers.</summary>
    public async Task<WebhookSendResult> SendAsync(string url, string id, IReadOnlyList<string> secrets, string body, CancellationToken cancellationToken)
    {
        long timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signatures = secrets.Select(s => WebhookSignature.Sign(s, id, timestamp, body)).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, id);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, string.Join(' ', signatures));
        request.Headers.UserAgent.ParseAdd("Crashdesk-Webhooks/1");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            string excerpt = await ExcerptAsync(response, timeout.Token);
            // A receiver echoing what it got must not put the signature into our log.
            foreach (var secret in secrets.Concat(signatures))
                excerpt = excerpt.Replace(secret, "[redacted]", StringComparison.Ordinal);
            return new WebhookSendResult((int)response.StatusCode, Ms(clock), excerpt, response.IsSuccessStatusCode ? null : Explain(response.StatusCode));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookSendResult(null, Ms(clock), null, $"no answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WebhookSendResult(null, Ms(clock), null, Describe(e));
        }
    }

    private static string Explain(HttpStatusCode status) => (int)status is >= 300 and < 400
        ? $"answered {(int)status} (a redirect; webhooks do not follow redirects: configure the final URL)"
        : $"answered {(int)status}";

    private static string Describe(HttpRequestException e)
    {
        // The innermost message says what happened ("Connection refused", a refused address); never a type name.
        Exception inner = e;
        while (inner.InnerException is not null)
            inner = inner.InnerException;
        return $"could not be sent: {inner.Message}";
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ExcerptBytes];
        int read = 0, n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static int Ms(Stopwatch clock) => (int)Math.Min(int.MaxValue, clock.ElapsedMilliseconds);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => _policy.Refusal(a) is null).ToArray();
        if (allowed.Length == 0)
        {
            string why = addresses.Length == 0 ? "it has no address" : _policy.Refusal(addresses[0])!;
            throw new HttpRequestException($"{host} was not connected to: {why}");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>One try's outcome: the status (null: no answer), latency, the answer's head, and why it failed (null: delivered).</summary>
public sealed record WebhookSendResult(int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error)
{
    public bool Delivered => Error is null;
}
