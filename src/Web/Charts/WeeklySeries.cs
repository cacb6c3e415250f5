namespace Crashdesk.Web.Charts;

/// <summary>
/// One named series of a weekly bar chart: a count per ISO week, keyed by the week's Monday (UTC).
/// Weeks that are not in <see cref="Counts"/>, or count 0, draw nothing.
/// </summary>
public sealed record WeeklySeries(string Name, IReadOnlyDictionary<DateOnly, int> Counts)
{
    /// <summary>A series from (week start, count) pairs, as the services report them (only weeks with something in them).</summary>
    public static WeeklySeries Of(string name, IEnumerable<(DateOnly WeekStart, int Count)> weeks) =>
        new(name, weeks.ToDictionary(w => w.WeekStart, w => w.Count));
}
