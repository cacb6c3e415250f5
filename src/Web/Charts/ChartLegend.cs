namespace Crashdesk.Web.Charts;

/// <summary>A legend entry's place: which series, where its swatch starts, its (clipped) text, where it ends.</summary>
public sealed record LegendItem(int Index, double X, double Y, string Text, double End);

/// <summary>
/// Lays a chart's legend out in rows above the plot: a swatch and the series' name (long names
/// clipped, the whole name in the entry's tooltip), wrapping to a new row before <c>maxX</c>.
/// </summary>
public static class ChartLegend
{
    public const int MaxNameLength = 32;

    private const double Swatch = 14;
    private const double Spacing = 16;
    private const double RowHeight = 18;

    public static IReadOnlyList<LegendItem> Layout(IReadOnlyList<string> names, double left, double maxX)
    {
        var items = new List<LegendItem>(names.Count);
        double x = left, y = 0;
        for (int i = 0; i < names.Count; i++)
        {
            string text = names[i].Length <= MaxNameLength ? names[i] : names[i][..(MaxNameLength - 1)] + "…";
            double end = x + Swatch + text.Length * MonthLabels.CharWidth;
            if (x > left && end > maxX)
            {
                x = left;
                y += RowHeight;
                end = x + Swatch + text.Length * MonthLabels.CharWidth;
            }
            items.Add(new LegendItem(i, x, y, text, end));
            x = end + Spacing;
        }
        return items;
    }
}
