using Crashdesk.Core.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// A purged artifact's download becomes 410 Gone (RFC 9110 §15.5.11: gone on purpose, for good), an
/// upload over the organisation's quota 413 (§15.5.14); both ProblemDetails carry the service's message.
/// </summary>
internal sealed class DataProtectionExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            ArtifactPurgedException => (StatusCodes.Status410Gone, "Artifact purged"),
            QuotaExceededException => (StatusCodes.Status413PayloadTooLarge, "Storage quota exceeded"),
            _ => (0, ""),
        };
        if (status == 0)
            return false;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = exception.Message },
            Exception = exception,
        });
    }
}
