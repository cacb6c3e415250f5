using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>GET /api/v1/cases/{id}/report: the newest report version (404 until an analysis has finished).</summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{id:guid}/report", GetAsync).WithTags("Reports").WithName("GetReport");
        return api;
    }

    private static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, IReportService reports, CancellationToken cancellationToken)
    {
        var report = await reports.GetLatestAsync(user.Caller(), id, cancellationToken);
        return report is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No report",
                detail: $"Case {id} does not exist in your organisation or has no finished analysis yet.")
            : TypedResults.Ok(Dto.Of(report));
    }
}
