using System.Globalization;

namespace Crashdesk.Web;

/// <summary>Display helpers shared by the pages (sizes in binary units, UTC timestamps).</summary>
public static class Formatting
{
    private static readonly string[] _units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>"6.6 MiB (6925261 B)"-style size: the exact byte count matters to engineers.</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < _units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
            : value.ToString("0.0", CultureInfo.InvariantCulture) + " " + _units[unit];
    }

    /// <summary>ISO-like UTC time, minute precision, no locale surprises.</summary>
    public static string Utc(DateTimeOffset? time) =>
        time is null ? "—" : time.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>UTC time with seconds, for job start/finish.</summary>
    public static string UtcSeconds(DateTimeOffset? time) =>
        time is null ? "—" : time.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>"18:22:17" (UTC): the date is in the row's queued time already.</summary>
    public static string TimeOfDay(DateTimeOffset? time) =>
        time is null ? "—" : time.Value.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>How long a job ran: "850 ms", "12.3 s", "4 min 05 s"; "—" until it finished.</summary>
    public static string Duration(DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is null || end is null)
            return "—";
        TimeSpan took = end.Value - start.Value;
        if (took < TimeSpan.Zero)
            return "—";
        if (took.TotalSeconds < 1)
            return took.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
        if (took.TotalMinutes < 1)
            return took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        return ((int)took.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min "
            + took.Seconds.ToString("00", CultureInfo.InvariantCulture) + " s";
    }

    /// <summary>Uptime as crash prints it: "00:00:05", "3 days, 04:10:00".</summary>
    public static string Uptime(long seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        string clock = $"{span.Hours:00}:{span.Minutes:00}:{span.Seconds:00}";
        return span.Days switch
        {
            0 => clock,
            1 => "1 day, " + clock,
            _ => span.Days.ToString(CultureInfo.InvariantCulture) + " days, " + clock,
        };
    }
}
