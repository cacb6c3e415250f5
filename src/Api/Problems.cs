using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api;

/// <summary>
/// The API's one way to answer an error: an RFC 9457 problem (status, a short title, a detail that names the
/// user's file or entity and what is wrong; never an internal id or a .NET type), with optional extension members
/// such as the current version of an entity a conditional write lost against. <see cref="Auth.ApiProblems"/>
/// writes the same shape from middleware, where there is no endpoint result.
/// </summary>
internal static class Problems
{
    /// <summary>A problem answer of <paramref name="status"/>.</summary>
    public static ProblemHttpResult Of(int status, string title, string? detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);
}
