using Crashdesk.Core.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Audit;

/// <summary>
/// Runs the endpoint, then, when its answer is a success, writes the audit row before the answer is sent
/// (the result has not executed yet: not a byte of the report or the file has left). A refusal (404, 403 …)
/// read nothing and is not recorded. Fail closed: when the row cannot be written the answer is withheld and
/// the client gets 503 — the log exists to say who read a customer's memory, and a read it cannot account for
/// is the one thing it must not let through.
/// </summary>
internal sealed class AuditedReadFilter(string action)
{
    public EndpointFilterDelegate Wrap(EndpointFilterDelegate next) => async context =>
    {
        var result = await next(context);
        if (!Succeeded(result))
            return result;
        var http = context.HttpContext;
        var audit = http.RequestServices.GetRequiredService<IAuditLog>();
        try
        {
            await audit.WriteAsync(http.User.Caller(), action, Target(http, Inner(result)), http.RequestAborted);
        }
        catch (AuditUnavailableException e)
        {
            http.RequestServices.GetRequiredService<ILogger<AuditedReadFilter>>()
                .LogError(e.InnerException, "The audit log could not record {Action} of {Path}: the answer is withheld", action, http.Request.Path.Value);
            if (Inner(result) is FileStreamHttpResult file)
                await file.FileStream.DisposeAsync();
            http.Response.Headers.RetryAfter = "30";
            return Problems.Of(status: StatusCodes.Status503ServiceUnavailable, title: "Audit log unavailable",
                detail: "This is not served because the audit log could not record it (every download and report view is recorded). Try again shortly; if it persists, tell your administrator.");
        }
        return result;
    };

    /// <summary>What was read: the artifact, or the case's report (with its version), from the route.</summary>
    private AuditTarget Target(HttpContext http, object? result)
    {
        var route = http.Request.RouteValues;
        Guid? caseId = Guid.TryParse(route["id"]?.ToString(), out var c) ? c : null;
        Guid? artifactId = Guid.TryParse(route["artifactId"]?.ToString(), out var a) ? a : null;
        var detail = new Dictionary<string, string>();
        if (route["version"]?.ToString() is { Length: > 0 } version)
            detail["version"] = version;
        if (http.Request.Query["from"].ToString() is { Length: > 0 } from)
            detail["from"] = from;
        if (result is FileStreamHttpResult { FileDownloadName: { } fileName })
            detail["fileName"] = fileName;
        if (result is Ok<Contracts.ReportDto> { Value: { } report } && !detail.ContainsKey("version"))
            detail["version"] = report.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        detail["via"] = "api";
        return new AuditTarget(AuditAction.TargetKindOf(action), artifactId ?? caseId, caseId, detail);
    }

    private static object? Inner(object? result)
    {
        while (result is INestedHttpResult nested)
            result = nested.Result;
        return result;
    }

    /// <summary>2xx; results without a status code (a file, a stream, a plain object) are sent as 200.</summary>
    private static bool Succeeded(object? result) =>
        Inner(result) is not IStatusCodeHttpResult { StatusCode: { } code } || code is >= 200 and < 300;
}
