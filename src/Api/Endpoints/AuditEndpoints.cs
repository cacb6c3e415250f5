using System.Security.Claims;
using Crashdesk.Api.Auth;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// GET /api/v1/audit: the organisation's audit log for its administrators (filters, newest first, paged);
/// GET /api/v1/audit/export?format=csv|jsonl: every matching event, streamed; the export is itself an event.
/// </summary>
internal static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", SearchAsync).WithTags("Audit").WithName("SearchAuditLog").AdminOnly()
            .WithSummary("The organisation's audit log, newest first: actor (user or API-key id, or part of an e-mail or name), action, case, from/to")
            .WithDescription("Paged by cursor (?cursor= the previous page's nextCursor with the same filters, ?limit= 1-200, 50). Has a total (every matching event).");
        api.MapGet("/audit/export", ExportAsync).WithTags("Audit").WithName("ExportAuditLog").AdminOnly()
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv", "application/jsonl")
            .WithSummary("Every event matching the filters, streamed as CSV (RFC 4180) or JSON Lines; the export is recorded in the log");
        return api;
    }

    private static async Task<Ok<AuditPageDto>> SearchAsync(
        [AsParameters] AuditApiParameters parameters, ClaimsPrincipal user, IAuditLog audit, CancellationToken cancellationToken)
    {
        var page = await audit.SearchAsync(user.Caller(), parameters.ToQuery(), parameters.ToPage(), cancellationToken);
        return TypedResults.Ok(new AuditPageDto([.. page.Items.Select(Of)], page.NextCursor, page.Total));
    }

    private static async Task<IResult> ExportAsync(
        [AsParameters] AuditExportParameters parameters, string? format, ClaimsPrincipal user, IAuditLog audit, CancellationToken cancellationToken)
    {
        AuditExportFormat? chosen = (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => AuditExportFormat.Csv,
            "jsonl" => AuditExportFormat.JsonLines,
            _ => null,
        };
        if (chosen is not { } exportFormat)
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Unknown export format",
                detail: $"Query parameter format must be csv or jsonl (got '{format}').");
        var caller = user.Caller();
        var query = parameters.ToQuery();
        try
        {
            // Recorded before a byte is sent, and refused when it cannot be (fail closed, as downloads).
            await audit.RecordExportAsync(caller, query, exportFormat, cancellationToken);
        }
        catch (AuditUnavailableException)
        {
            return Problems.Of(status: StatusCodes.Status503ServiceUnavailable, title: "Audit log unavailable",
                detail: "The export is not served because the audit log could not record it. Try again shortly.");
        }
        var (contentType, extension) = exportFormat == AuditExportFormat.Csv ? ("text/csv; charset=utf-8", "csv") : ("application/jsonl; charset=utf-8", "jsonl");
        return TypedResults.Stream(body => audit.ExportAsync(caller, query, exportFormat, body, cancellationToken), contentType,
            $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.{extension}");
    }

    private static AuditEventDto Of(AuditEventView e) => new(
        e.Id, e.At, e.ActorUserId, e.ActorName, e.ActorEmail, e.ApiKeyId, e.ApiKeyName, e.ClientAddress, e.Action, e.TargetKind, e.TargetId, e.CaseId, e.Detail);
}
