using System.Globalization;
using System.Net;
using System.Text;

namespace Crashdesk.Web.Charts;

/// <summary>
/// A weekly bar chart as an inline SVG picture, drawn on the server so the page needs no chart
/// script (as <see cref="Reports.WaitForGraphSvg"/>): one bar per ISO week, its series stacked in
/// their order (the first at the bottom), on a continuous week axis from the first week with a count
/// to the last (empty weeks are gaps), month ticks below, a y axis with a few gridlines, a legend when
/// there is more than one series, and a tooltip (<c>&lt;title&gt;</c>) on every segment. Each segment
/// is a <c>rect</c> with <c>data-week</c>, <c>data-series</c> and <c>data-count</c> for tests and tools.
/// </summary>
public static class WeeklyBarChart
{
    /// <summary>Most weeks drawn (five years): the newest are kept and the chart says so.</summary>
    public const int MaxWeeks = 260;

    private const double Left = 40;
    private const double Right = 12;
    private const double PlotTargetWidth = 720;
    private const double MaxSlot = 36;
    private const double BarShare = 0.72;
    private const double PlotHeight = 120;
    private const double AxisHeight = 28;
    private const double MinWidth = 160;
    private const double LegendRow = 18;
    private const double LegendTop = 2;

    /// <summary>Series colours, told apart also by people with red–green colour blindness (Okabe–Ito, darkened for white).</summary>
    private static readonly string[] _palette = ["#3b6fd8", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#8c8c3a", "#6b7280"];

    /// <summary>The SVG markup, or null when no series counts anything.</summary>
    public static string? Render(IReadOnlyList<WeeklySeries> series, WeeklyBarChartOptions options)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        Validate(series);
        var counted = series.SelectMany(s => s.Counts).Where(c => c.Value > 0).Select(c => c.Key)
            .Where(w => (options.FirstWeek is not { } from || w >= from) && (options.LastWeek is not { } to || w <= to)).ToList();
        if (counted.Count == 0)
            return null;
        var last = options.LastWeek is { } fixedLast ? IsoWeeks.StartOf(fixedLast) : counted.Max();
        var first = options.FirstWeek is { } fixedFirst ? IsoWeeks.StartOf(fixedFirst) : counted.Min();
        bool cut = (last.DayNumber - first.DayNumber) / 7 + 1 > MaxWeeks;
        if (cut)
            first = last.AddDays(-7 * (MaxWeeks - 1));
        var weeks = IsoWeeks.Range(first, last);
        var totals = weeks.Select(w => series.Sum(s => s.Counts.GetValueOrDefault(w))).ToList();
        var axis = CountAxis.For(totals.Max());

        double slot = Math.Min(MaxSlot, PlotTargetWidth / weeks.Count);
        double plotWidth = slot * weeks.Count;
        var ticks = MonthLabels.For(first, weeks.Count, Left, slot);
        var legend = series.Count > 1 ? ChartLegend.Layout(series.Select(s => s.Name).ToList(), Left, Left + Math.Max(plotWidth, PlotTargetWidth / 2)) : [];
        double top = 10 + (legend.Count == 0 ? 0 : LegendTop + legend.Max(l => l.Y) + LegendRow);
        double bottom = top + PlotHeight;
        double width = Math.Ceiling(Math.Max(MinWidth, Math.Max(Left + plotWidth + Right,
            Math.Max(ticks.Select(MonthLabels.LabelEnd).DefaultIfEmpty(0).Max(), legend.Select(l => l.End).DefaultIfEmpty(0).Max()) + Right)));
        double height = bottom + AxisHeight + (cut ? 14 : 0);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cd-chart\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" font-family=\"ui-monospace, 'DejaVu Sans Mono', monospace\" font-size=\"10\" role=\"img\" aria-label=\"{Escape(options.Label)}\" data-testid=\"{Escape(options.TestId)}\">");
        foreach (var item in legend)
        {
            string color = _palette[item.Index % _palette.Length];
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"cd-chart-legend\" data-series=\"{Escape(series[item.Index].Name)}\"><title>{Escape(series[item.Index].Name)}</title><rect x=\"{N(item.X)}\" y=\"{N(LegendTop + item.Y)}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(item.X + 14)}\" y=\"{N(LegendTop + item.Y + 9)}\" fill=\"#374151\">{Escape(item.Text)}</text></g>");
        }
        foreach (int value in axis.Ticks())
        {
            double y = bottom - value * PlotHeight / axis.Top;
            string stroke = value == 0 ? "#9ca3af" : "#e5e7eb";
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(y)}\" x2=\"{N(Left + plotWidth)}\" y2=\"{N(y)}\" stroke=\"{stroke}\" stroke-width=\"1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 6)}\" y=\"{N(y + 3.5)}\" text-anchor=\"end\" fill=\"#6b7280\">{value}</text>");
        }
        foreach (var tick in ticks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(tick.X)}\" y1=\"{N(bottom)}\" x2=\"{N(tick.X)}\" y2=\"{N(bottom + 5)}\" stroke=\"#9ca3af\" stroke-width=\"1\"/>");
            if (tick.Label is { } label)
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(tick.X + MonthLabels.LabelOffset)}\" y=\"{N(bottom + 16)}\" fill=\"#4b5563\">{Escape(label)}</text>");
        }
        double barWidth = Math.Max(1, slot * BarShare);
        for (int w = 0; w < weeks.Count; w++)
        {
            double x = Left + w * slot + (slot - barWidth) / 2;
            double y = bottom;
            for (int s = 0; s < series.Count; s++)
            {
                int count = series[s].Counts.GetValueOrDefault(weeks[w]);
                if (count <= 0)
                    continue;
                double h = count * PlotHeight / axis.Top;
                y -= h;
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(barWidth)}\" height=\"{N(h)}\" fill=\"{_palette[s % _palette.Length]}\" data-week=\"{weeks[w]:yyyy-MM-dd}\" data-series=\"{Escape(series[s].Name)}\" data-count=\"{count}\">");
                sb.Append(CultureInfo.InvariantCulture, $"<title>{Escape(Tooltip(series, s, weeks[w], count, totals[w], options.Unit))}</title></rect>");
            }
        }
        if (cut)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left)}\" y=\"{N(height - 4)}\" fill=\"#6b7280\">only the newest {MaxWeeks} weeks are drawn</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string Tooltip(IReadOnlyList<WeeklySeries> series, int index, DateOnly week, int count, int total, string unit)
    {
        string when = string.Create(CultureInfo.InvariantCulture, $"week of {week:yyyy-MM-dd} ({IsoWeeks.Name(week)})");
        return series.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"{when}: {count} {unit}")
            : string.Create(CultureInfo.InvariantCulture, $"{series[index].Name}, {when}: {count} of {total} {unit}");
    }

    private static void Validate(IReadOnlyList<WeeklySeries> series)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (!names.Add(s.Name))
                throw new ArgumentException($"two series are named \"{s.Name}\"", nameof(series));
            foreach (var (week, count) in s.Counts)
            {
                if (week.DayOfWeek != DayOfWeek.Monday)
                    throw new ArgumentException($"series \"{s.Name}\": {week:yyyy-MM-dd} is a {week.DayOfWeek}, not the Monday that starts an ISO week", nameof(series));
                if (count < 0)
                    throw new ArgumentException($"series \"{s.Name}\": week {week:yyyy-MM-dd} counts {count}", nameof(series));
            }
        }
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
