using System.Globalization;

namespace Crashdesk.Web.Charts;

/// <summary>ISO 8601 weeks (Monday to Sunday) as the charts name and step through them.</summary>
public static class IsoWeeks
{
    /// <summary>The Monday of the week <paramref name="day"/> is in.</summary>
    public static DateOnly StartOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>"2026-W49": the ISO year can differ from the Monday's year around New Year.</summary>
    public static string Name(DateOnly weekStart)
    {
        var date = weekStart.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
    }

    /// <summary>Every Monday from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static IReadOnlyList<DateOnly> Range(DateOnly first, DateOnly last)
    {
        var weeks = new List<DateOnly>();
        for (var week = first; week <= last; week = week.AddDays(7))
            weeks.Add(week);
        return weeks;
    }
}
