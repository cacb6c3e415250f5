using Microsoft.AspNetCore.Mvc;

namespace Crashdesk.Api.Auth;

/// <summary>Writes a ProblemDetails response from places that have no endpoint result to return (auth challenges).</summary>
internal static class ApiProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");
}
