using System.Security.Cryptography;
using Crashdesk.Api.Auth;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// ETag and If-None-Match on every JSON read of the API (RFC 9110 §8.8.3, §13.1.2): a ticketing system
/// polling a case or its report gets 304 and no body while nothing changed. An endpoint's own ETag (a case's
/// revision, "r12") is kept; others get a strong tag from the body's SHA-256. Only endpoints that answer
/// JSON are buffered; downloads and exports stream as before.
/// </summary>
internal static class ReadETags
{
    public static IApplicationBuilder UseReadETags(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsGet(context.Request.Method) || !AnswersJson(context.GetEndpoint()))
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            if (string.IsNullOrEmpty(response.Headers.ETag))
                response.Headers.ETag = $"\"h{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
            if (Matches(context.Request.Headers.IfNoneMatch, response.Headers.ETag.ToString()))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.ContentType = default;
                return;
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    });

    /// <summary>An API endpoint whose success is JSON (TypedResults.Ok&lt;T&gt; says so in its metadata).</summary>
    private static bool AnswersJson(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<AccessControlled>() is not null
        && endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status200OK
            && p.ContentTypes.Any(t => t.Contains("json", StringComparison.OrdinalIgnoreCase)))
        && !endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status200OK
            && p.ContentTypes.Any(t => !t.Contains("json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>If-None-Match: "*" or any listed tag equal by weak comparison (RFC 9110 §8.8.3.2).</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParse(etag, out var current))
            return false;
        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }
}
