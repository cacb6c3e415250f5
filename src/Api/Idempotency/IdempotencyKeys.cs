using System.Security.Cryptography;
using System.Text;
using Crashdesk.Api.Auth;
using Crashdesk.Core.Idempotency;

namespace Crashdesk.Api.Idempotency;

/// <summary>
/// Idempotency-Key on every POST of the API (draft-ietf-httpapi-idempotency-key-header): the first request
/// with a key runs and its answer is kept (24 hours); a retry with the same key and request gets that answer
/// again (with <c>Idempotent-Replayed: true</c>), one still running is waited for, the key sent with another
/// request is a 422. So a ticketing system that retries a create after a timeout never makes a second case.
/// Runs after authentication and the access rules: a refused caller claims nothing.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How much of a body goes into the fingerprint (a sosreport import is not read twice whole).</summary>
    private const int HashedBodyLimit = 1 << 20;

    /// <summary>Responses up to this size are kept; a larger one frees the key (a retry runs again).</summary>
    private const int KeptResponseLimit = 1 << 20;

    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(30);

    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(Header, out var values)
            || context.GetEndpoint()?.Metadata.GetMetadata<AccessControlled>() is null
            || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }
        await HandleAsync(context, next, values.ToString());
    });

    private static async Task HandleAsync(HttpContext context, RequestDelegate next, string key)
    {
        if (key.Length is 0 or > 255 || key.Any(c => c is < '!' or > '~'))
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                "An Idempotency-Key is 1 to 255 visible ASCII characters (a UUID is a good choice).");
            return;
        }
        var organizationId = context.User.Caller().OrganizationId;
        var fingerprint = await FingerprintAsync(context.Request);
        await using var scope = context.RequestServices.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IdempotencyStore>();
        var deadline = DateTime.UtcNow + WaitForFirst;
        while (true)
        {
            var claim = await store.ClaimAsync(organizationId, key, fingerprint, context.RequestAborted);
            switch (claim.Outcome)
            {
                case IdempotencyOutcome.Claimed:
                    await RunFirstAsync(context, next, store, organizationId, key);
                    return;
                case IdempotencyOutcome.Replay:
                    await ReplayAsync(context, claim.Stored!);
                    return;
                case IdempotencyOutcome.Mismatch:
                    await ApiProblems.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                        $"The Idempotency-Key '{key}' was sent before with a different request (method, path or body). Use a new key for a new request.");
                    return;
                case IdempotencyOutcome.InProgress when DateTime.UtcNow < deadline:
                    await Task.Delay(100, context.RequestAborted);
                    continue;
                default:
                    context.Response.Headers.RetryAfter = "5";
                    await ApiProblems.WriteAsync(context, StatusCodes.Status409Conflict, "Request still in progress",
                        $"A request with the Idempotency-Key '{key}' is still running; retry in a few seconds to get its answer.");
                    return;
            }
        }
    }

    private static async Task RunFirstAsync(HttpContext context, RequestDelegate next, IdempotencyStore store, Guid organizationId, string key)
    {
        var original = context.Response.Body;
        await using var capture = new CapturingStream(original, KeptResponseLimit);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        catch
        {
            await store.ReleaseAsync(organizationId, key, CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }
        var status = context.Response.StatusCode;
        // Failures on our side, conflicts and throttling are worth retrying: they free the key. Everything else is the answer.
        if (status >= 500 || status is StatusCodes.Status409Conflict or StatusCodes.Status429TooManyRequests || capture.Overflowed)
        {
            await store.ReleaseAsync(organizationId, key, CancellationToken.None);
            return;
        }
        var headers = context.Response.Headers;
        await store.CompleteAsync(organizationId, key, new IdempotentResponse(status, context.Response.ContentType,
            headers.Location.ToString() is { Length: > 0 } location ? location : null,
            headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
            capture.Captured), CancellationToken.None);
    }

    private static async Task ReplayAsync(HttpContext context, Crashdesk.Core.Domain.IdempotencyRecord stored)
    {
        var response = context.Response;
        response.StatusCode = stored.StatusCode ?? StatusCodes.Status200OK;
        if (stored.ContentType is not null)
            response.ContentType = stored.ContentType;
        if (stored.Location is not null)
            response.Headers.Location = stored.Location;
        if (stored.Etag is not null)
            response.Headers.ETag = stored.Etag;
        response.Headers[ReplayedHeader] = "true";
        if (stored.Body is { Length: > 0 } body)
            await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// SHA-256 over method, path, query and the body's first MiB (and its announced length): enough to tell
    /// another request from a retry without reading a large upload twice. The body is buffered for the endpoint.
    /// </summary>
    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n{request.ContentType}\n{request.ContentLength}\n"));
        request.EnableBuffering();
        var buffer = new byte[81920];
        for (long hashed = 0; hashed < HashedBodyLimit;)
        {
            int read = await request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, HashedBodyLimit - hashed)), request.HttpContext.RequestAborted);
            if (read == 0)
                break;
            hash.AppendData(buffer, 0, read);
            hashed += read;
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
