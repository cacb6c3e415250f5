using System.Text;
using Microsoft.AspNetCore.Http;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// Every ProblemDetails carries a machine-readable <c>code</c> (an RFC 9457 extension member) for ticketing
/// integrations to branch on instead of parsing titles: snake_case of the title ("Artifact not found" →
/// <c>artifact_not_found</c>), <c>validation_failed</c> for field errors. Titles are fixed per kind of error,
/// so codes are stable; the detail says what exactly was wrong.
/// </summary>
internal static class ProblemCodes
{
    public const string Member = "code";

    public static void Add(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey(Member))
            return;
        problem.Extensions[Member] = problem is HttpValidationProblemDetails
            ? "validation_failed"
            : Of(problem.Title ?? ReasonPhrase(problem.Status));
    }

    public static string Of(string title)
    {
        var code = new StringBuilder(title.Length);
        foreach (char c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
                code.Append(char.ToLowerInvariant(c));
            else if (code.Length > 0 && code[^1] != '_')
                code.Append('_');
            if (code.Length >= 60)
                break;
        }
        return code.ToString().Trim('_') is { Length: > 0 } done ? done : "error";
    }

    private static string ReasonPhrase(int? status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status ?? StatusCodes.Status500InternalServerError);
}
