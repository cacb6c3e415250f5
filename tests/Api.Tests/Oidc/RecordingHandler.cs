using System.Collections.Concurrent;
using System.Text.Json;

namespace Crashdesk.Api.Tests.Oidc;

/// <summary>The OpenID Connect handler's backchannel, passed through to the provider; keeps the tokens the token endpoint hands out.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
{
    private readonly ConcurrentQueue<string> _tokens = new();

    /// <summary>Every id_token and access_token received so far.</summary>
    public IReadOnlyList<string> Tokens => [.. _tokens];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body);
            foreach (var name in new[] { "id_token", "access_token" })
            {
                if (json.RootElement.TryGetProperty(name, out var token) && token.GetString() is { Length: > 0 } value)
                    _tokens.Enqueue(value);
            }
            var type = response.Content.Headers.ContentType;
            response.Content = new StringContent(body);
            response.Content.Headers.ContentType = type;
        }
        return response;
    }
}
