namespace Crashdesk.Web.Charts;

/// <summary>
/// How a weekly bar chart names itself: its test id, what a screen reader hears, and what is counted.
/// <see cref="FirstWeek"/>/<see cref="LastWeek"/> (Mondays) fix the axis (a dashboard's last 12 weeks);
/// without them it runs from the first week with a count to the last.
/// </summary>
public sealed record WeeklyBarChartOptions(string TestId, string Label, string Unit = "cases")
{
    public DateOnly? FirstWeek { get; init; }
    public DateOnly? LastWeek { get; init; }
}
