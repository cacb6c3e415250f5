using System.Globalization;
using System.Xml.Linq;
using Crashdesk.Web.Charts;

namespace Crashdesk.Web.Tests;

/// <summary>
/// The weekly bar chart (pure rendering logic, no browser): one bar segment per week and series with
/// a count, none for an empty week, heights in proportion to the counts, stacks without gaps, a
/// continuous week axis whose month labels never overlap, and names that cannot break out of the SVG.
/// </summary>
public sealed class WeeklyBarChartTests
{
    private static readonly XNamespace _svg = "http://www.w3.org/2000/svg";
    private static readonly WeeklyBarChartOptions _options = new("test-chart", "cases per week");
    private static readonly DateOnly _monday = new(2026, 11, 30);

    private static DateOnly Week(int n) => _monday.AddDays(7 * n);

    private static List<XElement> Bars(string svg) =>
        [.. XElement.Parse(svg).Descendants(_svg + "rect").Where(r => r.Attribute("data-week") is not null)];

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_week_and_series_with_a_count_is_one_rect_and_a_zero_is_none()
    {
        var oops = new WeeklySeries("oops", new Dictionary<DateOnly, int> { [Week(0)] = 2, [Week(3)] = 1, [Week(5)] = 0 });
        var hung = new WeeklySeries("hung task", new Dictionary<DateOnly, int> { [Week(0)] = 1, [Week(1)] = 3, [Week(2)] = 0 });
        var bars = Bars(WeeklyBarChart.Render([oops, hung], _options)!);

        var found = bars.Select(b => ((string)b.Attribute("data-week")!, (string)b.Attribute("data-series")!, (string)b.Attribute("data-count")!)).ToList();
        Assert.Equal(
            [("2026-11-30", "oops", "2"), ("2026-11-30", "hung task", "1"), ("2026-12-07", "hung task", "3"), ("2026-12-21", "oops", "1")],
            found);
        Assert.All(bars, b => Assert.Contains("week of", (string)b.Element(_svg + "title")!));
        Assert.Equal("oops, week of 2026-11-30 (2026-W49): 2 of 3 cases", (string)bars[0].Element(_svg + "title")!);
        // Two series: a legend names both.
        var legend = XElement.Parse(WeeklyBarChart.Render([oops, hung], _options)!).Descendants(_svg + "g")
            .Where(g => (string?)g.Attribute("class") == "cd-chart-legend").Select(g => (string)g.Attribute("data-series")!);
        Assert.Equal(["oops", "hung task"], legend);
    }

    [Fact]
    public void Heights_follow_the_counts_on_one_baseline_and_stacked_segments_touch()
    {
        var single = WeeklySeries.Of("cases", [(Week(0), 1), (Week(1), 2), (Week(2), 4)]);
        var bars = Bars(WeeklyBarChart.Render([single], _options)!);
        Assert.Equal(3, bars.Count);
        double unit = Number(bars[0], "height");
        Assert.Equal(2 * unit, Number(bars[1], "height"), 2);
        Assert.Equal(4 * unit, Number(bars[2], "height"), 2);
        var baselines = bars.Select(b => Math.Round(Number(b, "y") + Number(b, "height"), 2)).Distinct();
        Assert.Single(baselines);
        // Weeks are evenly spaced, left to right.
        Assert.Equal(Number(bars[1], "x") - Number(bars[0], "x"), Number(bars[2], "x") - Number(bars[1], "x"), 2);
        Assert.True(Number(bars[1], "x") > Number(bars[0], "x"));

        var stacked = Bars(WeeklyBarChart.Render(
            [WeeklySeries.Of("a", [(Week(0), 3)]), WeeklySeries.Of("b", [(Week(0), 1)])], _options)!);
        var (a, b) = (stacked[0], stacked[1]);
        Assert.Equal(3 * Number(b, "height"), Number(a, "height"), 2);
        Assert.Equal(Number(b, "y") + Number(b, "height"), Number(a, "y"), 2); // b sits on a
        Assert.Equal(Number(a, "x"), Number(b, "x"));
    }

    [Fact]
    public void The_week_axis_is_continuous_and_its_month_labels_never_overlap()
    {
        // Two weeks six weeks apart: the gap between them is the empty weeks' width.
        var gap = Bars(WeeklyBarChart.Render([WeeklySeries.Of("cases", [(Week(0), 1), (Week(1), 1), (Week(7), 2)])], _options)!);
        double slot = Number(gap[1], "x") - Number(gap[0], "x");
        Assert.Equal(7 * slot, Number(gap[2], "x") - Number(gap[0], "x"), 2);

        var labels = MonthLabels.For(_monday, 10, 40, slot);
        Assert.Equal(["Dec 2026", "Jan 2027", "Feb"], labels.Where(t => t.Label is not null).Select(t => t.Label!));

        // Three years of narrow weeks: some months lose their label, none collides with the one before.
        var dense = MonthLabels.For(_monday, 156, 40, 720.0 / 156);
        var shown = dense.Where(t => t.Label is not null).ToList();
        Assert.True(shown.Count < dense.Count);
        for (int i = 1; i < shown.Count; i++)
            Assert.True(shown[i].X > MonthLabels.LabelEnd(shown[i - 1]), $"{shown[i].Label} overlaps {shown[i - 1].Label}");
        Assert.Contains(shown, t => t.Label!.EndsWith("2028", StringComparison.Ordinal));
    }

    [Fact]
    public void Series_names_are_escaped_and_survive_as_attributes()
    {
        const string hostile = "<script>alert(\"x\")</script> & 'q'";
        string svg = WeeklyBarChart.Render([WeeklySeries.Of(hostile, [(Week(0), 1)]), WeeklySeries.Of("plain", [(Week(0), 1)])],
            _options with { Label = "a <b> label" })!;
        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        var root = XElement.Parse(svg);
        Assert.Equal("a <b> label", (string)root.Attribute("aria-label")!);
        Assert.Equal(hostile, (string)Bars(svg)[0].Attribute("data-series")!);
        // The legend clips a long name and keeps the whole one in its tooltip.
        Assert.Contains(root.Descendants(_svg + "g"), g => (string?)g.Element(_svg + "title") == hostile);
    }

    [Fact]
    public void Nothing_to_draw_is_no_chart_and_a_day_that_is_no_Monday_is_refused()
    {
        Assert.Null(WeeklyBarChart.Render([WeeklySeries.Of("cases", [(Week(0), 0)])], _options));
        Assert.Null(WeeklyBarChart.Render([], _options));
        var tuesday = new WeeklySeries("cases", new Dictionary<DateOnly, int> { [_monday.AddDays(1)] = 1 });
        var e = Assert.Throws<ArgumentException>(() => WeeklyBarChart.Render([tuesday], _options));
        Assert.Contains("2026-12-01 is a Tuesday", e.Message, StringComparison.Ordinal);
        Assert.Equal(_monday, IsoWeeks.StartOf(new DateOnly(2026, 12, 6)));
        Assert.Equal("2026-W53", IsoWeeks.Name(new DateOnly(2026, 12, 28)));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 1)]
    [InlineData(5, 6, 2)]
    [InlineData(9, 10, 5)]
    [InlineData(17, 20, 5)]
    [InlineData(1000, 1000, 500)]
    public void The_count_axis_has_a_round_top_and_at_most_four_intervals(int max, int top, int step)
    {
        var axis = CountAxis.For(max);
        Assert.Equal((top, step), (axis.Top, axis.Step));
        Assert.InRange(axis.Ticks().Count() - 1, 1, CountAxis.MaxIntervals);
    }

    [Fact]
    public void A_fixed_axis_keeps_its_empty_weeks_and_leaves_out_counts_outside_it()
    {
        var series = new WeeklySeries("oops", new Dictionary<DateOnly, int> { [Week(-5)] = 4, [Week(3)] = 2 });
        var free = WeeklyBarChart.Render([series], _options)!;
        var fixedAxis = WeeklyBarChart.Render([series], _options with { FirstWeek = Week(0), LastWeek = Week(11) })!;

        var bars = Bars(fixedAxis);
        var bar = Assert.Single(bars);
        Assert.Equal("2026-12-21", (string)bar.Attribute("data-week")!);
        Assert.Equal(2, Bars(free).Count);
        Assert.Null(WeeklyBarChart.Render([series], _options with { FirstWeek = Week(4), LastWeek = Week(11) }));
        // The same bar where week 0 has a count too: the axis did not move.
        var withFirst = new WeeklySeries("oops", new Dictionary<DateOnly, int> { [Week(0)] = 1, [Week(3)] = 2 });
        var both = Bars(WeeklyBarChart.Render([withFirst], _options with { FirstWeek = Week(0), LastWeek = Week(11) })!);
        Assert.Equal(Number(bar, "x"), Number(both.Single(b => (string)b.Attribute("data-week")! == "2026-12-21"), "x"), 3);
        // Without the fixed axis the chart starts at its first count, so the bar moves.
        var unfixed = Bars(WeeklyBarChart.Render([withFirst], _options)!);
        Assert.Equal(2, unfixed.Count);
    }
}
