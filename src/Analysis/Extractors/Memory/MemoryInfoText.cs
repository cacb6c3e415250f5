using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>Renders <see cref="MemoryInfo"/> as crash's `kmem -i` (crash 8.0.2 memory.c dump_kmeminfo()).</summary>
public static class MemoryInfoText
{
    /// <summary>The `kmem -i` table of <paramref name="m"/>, byte for byte as crash prints it.</summary>
    public static string Format(MemoryInfo m)
    {
        var sb = new StringBuilder("                 PAGES        TOTAL      PERCENTAGE\n");
        void Row(string label, long pages, string pct) =>
            sb.Append(CultureInfo.InvariantCulture, $"{label,13}  {pages,7}  {CrashUnits.PagesToSize(pages, m.PageSize),11}  {pct}\n");
        string Of(long part, long whole, string what) => $"{(whole == 0 ? 0 : part * 100 / whole),3}% of {what}";
        const string none = "       ----";
        long total = m.TotalRam;
        Row("TOTAL MEM", total, none);
        Row("FREE", m.Free, Of(m.Free, total, "TOTAL MEM"));
        Row("USED", m.Used, Of(m.Used, total, "TOTAL MEM"));
        if (m.Shared is { } shared)
            Row("SHARED", shared, Of(shared, total, "TOTAL MEM"));
        Row("BUFFERS", m.Buffers ?? 0, Of(m.Buffers ?? 0, total, "TOTAL MEM"));
        Row("CACHED", m.Cached ?? 0, Of(m.Cached ?? 0, total, "TOTAL MEM"));
        Row("SLAB", m.Slab ?? 0, Of(m.Slab ?? 0, total, "TOTAL MEM"));
        if (m.HugeTotal is { } huge)
        {
            sb.Append('\n');
            Row("TOTAL HUGE", huge, none);
            Row("HUGE FREE", m.HugeFree ?? 0, Of(m.HugeFree ?? 0, huge, "TOTAL HUGE"));
        }
        sb.Append('\n');
        if (m.SwapTotal is { } swap)
        {
            long used = m.SwapUsed ?? 0;
            Row("TOTAL SWAP", swap, none);
            Row("SWAP USED", used, Of(used, swap, "TOTAL SWAP"));
            Row("SWAP FREE", swap - used, Of(swap - used, swap, "TOTAL SWAP"));
        }
        if (m.CommitLimit is { } limit)
        {
            sb.Append('\n');
            Row("COMMIT LIMIT", limit, none);
            long committed = m.Committed ?? 0;
            Row("COMMITTED", committed, limit > 0 ? Of(committed, limit, "TOTAL LIMIT") : none);
        }
        return sb.ToString();
    }
}
