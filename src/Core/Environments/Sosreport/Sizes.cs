using System.Globalization;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>Byte counts as people read them in messages ("10 GiB", "1.5 MiB", "300 bytes").</summary>
internal static class Sizes
{
    public static string Format(long bytes)
    {
        string[] units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        if (bytes < 1024)
            return bytes == 1 ? "1 byte" : $"{bytes.ToString(CultureInfo.InvariantCulture)} bytes";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{value.ToString(value < 10 && value != Math.Floor(value) ? "0.#" : "0", CultureInfo.InvariantCulture)} {units[unit]}";
    }

    /// <summary>A count with thousands separators ("500,000").</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
