using Crashdesk.Core.Services;

namespace Crashdesk.Core.Dashboard;

/// <summary>What the dashboard (the wall screen, the portal, an external one over the API) shows of the caller's organisation.</summary>
public interface IDashboardService
{
    Task<DashboardSummary> SummaryAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="weeks"/> weeks (this one included; 1 to <see cref="DashboardWindows.MaxWeeks"/>).</summary>
    Task<WeeklyClassSeries> WeeklyAsync(Caller caller, int weeks = DashboardWindows.DefaultWeeks, CancellationToken cancellationToken = default);
}
