using System.Globalization;

namespace Crashdesk.Web.Charts;

/// <summary>A month tick on a week axis: where the month starts (x) and, when there is room, its name.</summary>
public sealed record MonthTick(double X, string? Label);

/// <summary>
/// The month ticks of a continuous week axis: a tick where each month's first day falls, labelled
/// "Dec" (with the year on the first label and when the year changes: "Jan 2027"). A label that would
/// overlap the one before is left out (its tick stays), so narrow weeks show every second or third month.
/// </summary>
public static class MonthLabels
{
    /// <summary>Width of a label character at the chart's font (10 px monospace: 0.6 em).</summary>
    public const double CharWidth = 6.0;

    private const double Gap = 6;
    private const double Pad = 3;

    public static IReadOnlyList<MonthTick> For(DateOnly firstWeek, int weeks, double left, double slot)
    {
        var end = firstWeek.AddDays(7 * weeks);
        double XOf(DateOnly day) => left + (day.DayNumber - firstWeek.DayNumber) / 7.0 * slot;

        var ticks = new List<MonthTick>();
        var month = new DateOnly(firstWeek.Year, firstWeek.Month, 1);
        var firstStart = month < firstWeek ? month.AddMonths(1) : month;
        double labelEnd = double.NegativeInfinity;
        int? labelledYear = null;
        // The axis starts inside a month: name it at the left edge if it fits before the next month's tick.
        if (month < firstWeek)
        {
            string text = Text(month, null);
            if (firstStart >= end || left + Pad + Width(text) + Gap <= XOf(firstStart))
            {
                ticks.Add(new MonthTick(left, text));
                labelEnd = left + Pad + Width(text);
                labelledYear = month.Year;
            }
        }
        for (var start = firstStart; start < end; start = start.AddMonths(1))
        {
            double x = XOf(start);
            string text = Text(start, labelledYear);
            bool fits = x + Pad >= labelEnd + Gap;
            ticks.Add(new MonthTick(x, fits ? text : null));
            if (fits)
            {
                labelEnd = x + Pad + Width(text);
                labelledYear = start.Year;
            }
        }
        return ticks;
    }

    /// <summary>Where a label drawn at a tick at <paramref name="x"/> ends (the chart grows to hold it).</summary>
    public static double LabelEnd(MonthTick tick) => tick.Label is null ? tick.X : tick.X + Pad + Width(tick.Label);

    /// <summary>How far right of its tick a label starts.</summary>
    public static double LabelOffset => Pad;

    private static string Text(DateOnly month, int? labelledYear)
    {
        string name = month.ToString("MMM", CultureInfo.InvariantCulture);
        return labelledYear == month.Year ? name : $"{name} {month.Year.ToString(CultureInfo.InvariantCulture)}";
    }

    private static double Width(string text) => text.Length * CharWidth;
}
