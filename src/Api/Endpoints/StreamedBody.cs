using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// The body-size rule of every endpoint that streams its body into the object store (artifact and debug-kernel
/// PUTs, a sosreport import, a resumable upload's PATCH), as one endpoint filter: a body announced larger than the
/// limit is refused before the handler runs or a byte is read, and Kestrel's own 30 MB cap is lifted, because the
/// store counts the bytes while streaming and stops at the limit itself (a body without Content-Length cannot pass
/// it either).
/// </summary>
internal static class StreamedBody
{
    /// <summary>
    /// The endpoint streams its body, up to the limit <paramref name="maxBytes"/> reads from the request's
    /// <typeparamref name="TService"/> (413 <paramref name="tooLarge"/> above it); a request
    /// <paramref name="streams"/> says does not stream (a JSON body) keeps Kestrel's cap and is not checked here.
    /// </summary>
    public static RouteHandlerBuilder StreamsBody<TService>(this RouteHandlerBuilder endpoint, Func<TService, long> maxBytes,
        Func<long, ProblemHttpResult> tooLarge, Func<HttpRequest, bool>? streams = null) where TService : notnull =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            if (streams is not null && !streams(context.Request))
                return await next(invocation);
            long max = maxBytes(context.RequestServices.GetRequiredService<TService>());
            if (context.Request.ContentLength > max)
                return tooLarge(max);
            LiftServerCap(context);
            return await next(invocation);
        });

    /// <summary>The endpoint streams its body and bounds it itself (a resumable upload's remaining length): Kestrel's cap is lifted only.</summary>
    public static RouteHandlerBuilder StreamsBoundedBody(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
        {
            LiftServerCap(invocation.HttpContext);
            return await next(invocation);
        });

    private static void LiftServerCap(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
    }
}
