using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// The body-size rule of every endpoint that streams its body into the object store (artifact and debug-kernel
/// PUTs, a sosreport import, a resumable upload's PATCH), in one place: a body announced larger than the limit is
/// refused before a byte is read, and Kestrel's own 30 MB cap is lifted, because the store counts the bytes while
/// streaming and stops at the limit itself (a body without Content-Length cannot pass it either).
/// </summary>
internal static class StreamedBody
{
    /// <summary>Null when the request may stream on (Kestrel's cap lifted), else the 413 of <paramref name="tooLarge"/>.</summary>
    public static ProblemHttpResult? Admit(HttpContext context, long maxBytes, Func<long, ProblemHttpResult> tooLarge)
    {
        if (context.Request.ContentLength > maxBytes)
            return tooLarge(maxBytes);
        LiftServerCap(context);
        return null;
    }

    /// <summary>Lifts Kestrel's cap only, for a caller that bounds the body itself (a session's remaining length).</summary>
    public static void LiftServerCap(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;
    }
}
