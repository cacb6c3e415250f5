using System.Globalization;

namespace Crashdesk.Analysis.Extractors;

/// <summary>crash's number formatting helpers (tools.c pages_to_size(), convert_time(), ctime_tz()).</summary>
public static class CrashUnits
{
    /// <summary>pages_to_size(): "511.5 MB", "251 MB" (".0" dropped), "0".</summary>
    public static string PagesToSize(long pages, int pageSize)
    {
        if (pages == 0)
            return "0";
        double total = (double)pages * pageSize;
        string s = total >= 1 << 30 ? (total / (1 << 30)).ToString("F1", CultureInfo.InvariantCulture) + " GB"
            : total >= 1 << 20 ? (total / (1 << 20)).ToString("F1", CultureInfo.InvariantCulture) + " MB"
            : ((long)(total / 1024)).ToString(CultureInfo.InvariantCulture) + " KB";
        return s.Replace(".0 ", " ", StringComparison.Ordinal);
    }

    /// <summary>convert_time(): "[N days, ]HH:MM:SS" from seconds.</summary>
    public static string Uptime(long seconds)
    {
        long days = seconds / 86400, rest = seconds % 86400;
        string hms = string.Create(CultureInfo.InvariantCulture, $"{rest / 3600:00}:{rest % 3600 / 60:00}:{rest % 60:00}");
        return days > 0 ? string.Create(CultureInfo.InvariantCulture, $"{days} days, {hms}") : hms;
    }

    /// <summary>ctime_tz() in UTC: strftime "%a %b %e %T %Z %Y".</summary>
    public static string Date(DateTimeOffset time)
    {
        var u = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{u:ddd MMM} {u.Day,2} {u:HH:mm:ss} UTC {u.Year}");
    }

    /// <summary>get_loadavg(): avenrun fixed point (FSHIFT 11) rounded as crash does ("0.24").</summary>
    public static string LoadAverage(ulong fixedPoint)
    {
        const int fshift = 11;
        const ulong fixed1 = 1UL << fshift;
        ulong a = fixedPoint + fixed1 / 200;
        return string.Create(CultureInfo.InvariantCulture, $"{a >> fshift}.{((a & (fixed1 - 1)) * 100) >> fshift:00}");
    }
}
