using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crashdesk.Api.Hosting;

/// <summary>
/// A request the endpoint could not even bind (malformed JSON, a missing or unparsable parameter) gets a
/// ProblemDetails saying what and where: for JSON the line, byte and path System.Text.Json reports. The
/// framework's own wording names .NET types ("Guid id"); the client sees only the parameter's name.
/// Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>, else minimal APIs answer a bare 400.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        var (title, detail) = bad.InnerException is JsonException json ? MalformedJson(json) : ("Bad request", WithoutTypes(bad.Message));
        return await ServiceExceptionHandler.WriteAsync(problems, httpContext, new ProblemDetails { Status = bad.StatusCode, Title = title, Detail = detail }, exception);
    }

    private static (string Title, string Detail) MalformedJson(JsonException json)
    {
        string where = json.LineNumber is { } line
            ? $"line {line + 1}, byte {(json.BytePositionInLine ?? 0) + 1}" + (string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $", at {json.Path}")
            : "the body";
        // "could not be converted to System.Int32": a value of the wrong kind, not broken syntax.
        bool wrongType = json.Message.Contains("could not be converted", StringComparison.Ordinal);
        return wrongType
            ? ("Invalid JSON value", $"The request body has a value of the wrong kind at {where} (for example text where a number or list belongs).")
            : ("Malformed JSON", $"The request body is not valid JSON: the error is at {where}.");
    }

    /// <summary><c>Failed to bind parameter "Guid id" from "x".</c> → <c>Failed to bind parameter "id" from "x".</c></summary>
    private static string WithoutTypes(string message) => TypedParameter().Replace(message, "\"$1\"");

    [GeneratedRegex("\"[A-Za-z_][\\w.]*(?:<[^\"]*>)?\\??(?:\\[\\])? ([A-Za-z_]\\w*)\"")]
    private static partial Regex TypedParameter();
}
