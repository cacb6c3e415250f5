using System.Security.Claims;
using Crashdesk.Api.Contracts;
using Crashdesk.Core.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crashdesk.Api.Endpoints;

/// <summary>/api/v1/dashboard: the summary and the weekly series, for wall screens and external dashboards.</summary>
internal static class DashboardEndpoints
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        var dashboard = api.MapGroup("/dashboard").WithTags("Dashboard");
        dashboard.MapGet("/summary", SummaryAsync).WithName("GetDashboardSummary")
            .WithSummary("Open cases by status and assignee, the growing groups, the analysis queue and its workers, recent failed analyses");
        dashboard.MapGet("/weekly", WeeklyAsync).WithName("GetDashboardWeekly")
            .WithSummary($"Cases opened and closed per week by crash class: ?weeks= (1 to {DashboardWindows.MaxWeeks}, default {DashboardWindows.DefaultWeeks})");
        return api;
    }

    private static async Task<Ok<DashboardSummaryDto>> SummaryAsync(ClaimsPrincipal user, IDashboardService dashboard, CancellationToken cancellationToken) =>
        TypedResults.Ok(DashboardSummaryDto.Of(await dashboard.SummaryAsync(user.Caller(), cancellationToken)));

    private static async Task<Results<Ok<DashboardWeeklyDto>, ProblemHttpResult>> WeeklyAsync(
        ClaimsPrincipal user, IDashboardService dashboard, CancellationToken cancellationToken, int weeks = DashboardWindows.DefaultWeeks)
    {
        if (weeks is < 1 or > DashboardWindows.MaxWeeks)
            return Problems.Of(status: StatusCodes.Status400BadRequest, title: "Invalid weeks",
                detail: $"weeks is 1 to {DashboardWindows.MaxWeeks}; {weeks} was asked for.");
        return TypedResults.Ok(DashboardWeeklyDto.Of(await dashboard.WeeklyAsync(user.Caller(), weeks, cancellationToken)));
    }
}
