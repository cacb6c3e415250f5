using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Paging;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// The application services' refusals, escaping an endpoint, as ProblemDetails with the service's message:
/// a <see cref="ValidationException"/> is a 400 naming the field, an <see cref="InvalidCursorException"/> a 400
/// <c>invalid_cursor</c> naming the cursor parameter, a <see cref="ForbiddenException"/> a 403,
/// a purged artifact 410 Gone (RFC 9110 §15.5.11: gone on purpose, for good), an upload over the
/// organisation's quota 413 (§15.5.14), the store's disk full 507 Insufficient Storage (RFC 4918 §11.5: the server, not
/// the request, lacks the room; the same upload fits once space is freed), the store unreachable 503 with Retry-After, a console with no dump to read 409.
/// </summary>
internal sealed class ServiceExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            ValidationException validation => new ValidationProblemDetails(new Dictionary<string, string[]> { [validation.Field] = [validation.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
            },
            InvalidCursorException cursor => new ValidationProblemDetails(new Dictionary<string, string[]> { [cursor.Parameter] = [cursor.Message] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid cursor",
                Detail = cursor.Message,
                Extensions = { [ProblemCodes.Member] = "invalid_cursor" },
            },
            ForbiddenException => Problem(StatusCodes.Status403Forbidden, "Forbidden", exception),
            ArtifactPurgedException => Problem(StatusCodes.Status410Gone, "Artifact purged", exception),
            QuotaExceededException => Problem(StatusCodes.Status413PayloadTooLarge, "Storage quota exceeded", exception),
            Core.Storage.StoreFullException => Problem(StatusCodes.Status507InsufficientStorage, "No space left in the object store", exception),
            Core.Storage.StoreUnreachableException => Unavailable(httpContext, exception),
            Core.Consoles.ConsoleUnavailableException => Problem(StatusCodes.Status409Conflict, "The console cannot read this case's dump", exception),
            _ => null,
        };
        return problem is not null && await WriteAsync(problems, httpContext, problem, exception);
    }

    /// <summary>Answers <paramref name="problem"/> for <paramref name="exception"/> (its status on the response too).</summary>
    public static async ValueTask<bool> WriteAsync(IProblemDetailsService problems, HttpContext httpContext, ProblemDetails problem, Exception exception)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>503 with Retry-After: the store is away for now, and the same request should be sent again later.</summary>
    private static ProblemDetails Unavailable(HttpContext httpContext, Exception exception)
    {
        httpContext.Response.Headers.RetryAfter = "30";
        return Problem(StatusCodes.Status503ServiceUnavailable, "The object store is unreachable", exception);
    }

    private static ProblemDetails Problem(int status, string title, Exception exception) =>
        new() { Status = status, Title = title, Detail = exception.Message };
}
