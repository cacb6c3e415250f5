using System.Globalization;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// <c>/proc/meminfo</c>: "MemTotal:       24683584 kB", usable RAM (physical memory less the kernel's
/// reserved areas). The kernel's "kB" is KiB (Documentation/filesystems/proc.rst, "meminfo";
/// fs/proc/meminfo.c shifts pages by PAGE_SHIFT - 10).
/// </summary>
internal static class MeminfoParser
{
    /// <summary>MemTotal in bytes, or null when the text has no readable MemTotal line.</summary>
    public static long? MemTotalBytes(string text)
    {
        if (!CommandOutput.KeyValues(text).TryGetValue("MemTotal", out string? value))
            return null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[1] != "kB" || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kib)
            || kib > long.MaxValue / 1024)
            return null;
        return kib * 1024;
    }
}
