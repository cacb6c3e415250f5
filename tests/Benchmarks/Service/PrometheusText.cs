using System.Globalization;

namespace Crashdesk.Benchmarks.Service;

/// <summary>
/// Sums read from the host's <c>GET /metrics</c> (Prometheus text exposition format,
/// https://prometheus.io/docs/instrumenting/exposition_formats/): a histogram's <c>_sum</c> series, a counter's
/// <c>_total</c>. The benchmark scrapes before and after one analysis and subtracts, so each analysis gets its own
/// phases and bytes although the host only keeps running totals.
/// </summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, double> _series = new(StringComparer.Ordinal);

    private PrometheusText()
    {
    }

    /// <summary>Every sample line of <paramref name="text"/>, keyed by its name and labels as printed.</summary>
    public static PrometheusText Parse(string text)
    {
        var parsed = new PrometheusText();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            // "name{labels} value [timestamp]": the labels may hold spaces only inside quotes, which our labels never do.
            int close = line.LastIndexOf('}');
            int space = line.IndexOf(' ', close < 0 ? 0 : close);
            if (space < 0)
                continue;
            var valueText = line[(space + 1)..].Split(' ')[0];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                parsed._series[line[..space]] = value;
        }
        return parsed;
    }

    /// <summary>The sum of every series whose name starts with <paramref name="prefix"/> and ends with <paramref name="suffix"/>, with <paramref name="label"/> among its labels when given.</summary>
    public double Sum(string prefix, string suffix, string? label = null) =>
        _series.Where(s => Name(s.Key).StartsWith(prefix, StringComparison.Ordinal) && Name(s.Key).EndsWith(suffix, StringComparison.Ordinal)
                           && (label is null || s.Key.Contains(label, StringComparison.Ordinal)))
               .Sum(s => s.Value);

    /// <summary>The phase label values of <paramref name="prefix"/>'s <c>_sum</c> series with their sums.</summary>
    public IReadOnlyDictionary<string, double> ByLabel(string prefix, string labelName)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in _series)
        {
            if (!Name(key).StartsWith(prefix, StringComparison.Ordinal) || !Name(key).EndsWith("_sum", StringComparison.Ordinal))
                continue;
            string marker = labelName + "=\"";
            int at = key.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
                continue;
            int start = at + marker.Length;
            string labelValue = key[start..key.IndexOf('"', start)];
            sums[labelValue] = sums.GetValueOrDefault(labelValue) + value;
        }
        return sums;
    }

    private static string Name(string series)
    {
        int brace = series.IndexOf('{');
        return brace < 0 ? series : series[..brace];
    }
}
