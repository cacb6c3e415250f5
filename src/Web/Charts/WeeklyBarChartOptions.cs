namespace Crashdesk.Web.Charts;

/// <summary>How a weekly bar chart names itself: its test id, what a screen reader hears, and what is counted.</summary>
public sealed record WeeklyBarChartOptions(string TestId, string Label, string Unit = "cases");
