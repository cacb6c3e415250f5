using Crashdesk.Core.Paging;
using Crashdesk.Api.Audit;
using Crashdesk.Api.Auth;
using Crashdesk.Core.Audit;
using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>
/// GET /api/v1/cases/{id}/report: the newest report version (404 until an analysis has finished);
/// /reports: every version; /reports/{version}: one; /reports/{version}/changes: what changed from another.
/// </summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{id:guid}/report", GetAsync).WithTags("Reports").WithName("GetReport").ForCustomers().Audited(AuditAction.ReportView);
        api.MapGet("/cases/{id:guid}/reports", ListAsync).WithTags("Reports").WithName("ListReportVersions").ForCustomers()
            .WithSummary("Every version of the case's report, newest first: when, from which file, why the analysis ran").WithDescription(ListPaging.Described);
        api.MapGet("/cases/{id:guid}/reports/{version:int}", GetVersionAsync).WithTags("Reports").WithName("GetReportVersion").ForCustomers()
            .Audited(AuditAction.ReportView);
        api.MapGet("/cases/{id:guid}/reports/{version:int}/changes", ChangesAsync).WithTags("Reports").WithName("GetReportChanges").ForCustomers()
            .Audited(AuditAction.ReportView)
            .WithSummary("What changed in this version against another (from=N; default the version before)").WithDescription(ListPaging.Whole);
        api.MapReportParts();
        return api;
    }

    private static readonly Keyset<ReportVersionDto> VersionOrder = Keyset<ReportVersionDto>.By(v => v.Version, descending: true);

    private static async Task<Results<Ok<CursorPageDto<ReportVersionDto>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, IReportService reports, CancellationToken cancellationToken, string? cursor = null, int? limit = null)
    {
        var versions = await reports.ListVersionsAsync(user.Caller(), id, cancellationToken);
        return versions is null
            ? CaseEndpoints.NotFound(id)
            : TypedResults.Ok(ListPaging.Page(versions.Select(v => new ReportVersionDto(
                v.Version, v.CreatedAt, v.ArtifactId, v.ArtifactFileName, v.Reason, v.PanicLine, v.UsedDebugKernel)), VersionOrder, $"reports|{id}", cursor, limit));
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetVersionAsync(
        Guid id, int version, ClaimsPrincipal user, IReportService reports, CancellationToken cancellationToken)
    {
        var report = await reports.GetVersionAsync(user.Caller(), id, version, cancellationToken);
        return report is null ? NoVersion(id, version) : TypedResults.Ok(Dto.Of(report));
    }

    private static async Task<Results<Ok<CursorPageDto<ReportChangeDto>>, ProblemHttpResult>> ChangesAsync(
        Guid id, int version, ClaimsPrincipal user, IReportService reports, CancellationToken cancellationToken, int? from = null)
    {
        var caller = user.Caller();
        int other = from ?? version - 1;
        var after = await reports.GetVersionAsync(caller, id, version, cancellationToken);
        var before = await reports.GetVersionAsync(caller, id, other, cancellationToken);
        if (after is null)
            return NoVersion(id, version);
        if (before is null)
            return NoVersion(id, other);
        // A comparison of two reports: one row per compared fact, bounded by the comparison itself.
        return TypedResults.Ok(CursorPageDto<ReportChangeDto>.All(ReportComparison.Compare(before.Report, after.Report)
            .Select(c => new ReportChangeDto(c.Field, c.Before, c.After))));
    }

    private static ProblemHttpResult NoVersion(Guid id, int version) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "No such report version",
            detail: $"Case {id} has no report v{version} in your organisation.");

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IReportService reports, CancellationToken cancellationToken)
    {
        var report = await reports.GetLatestAsync(user.Caller(), id, cancellationToken);
        return report is null ? NoReport(id) : TypedResults.Ok(Dto.Of(report));
    }

    internal static ProblemHttpResult NoReport(Guid id) =>
        Problems.Of(status: StatusCodes.Status404NotFound, title: "No report",
            detail: $"Case {id} does not exist in your organisation or has no finished analysis yet.");
}
