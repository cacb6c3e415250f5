using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Extractors.Memory;

/// <summary>Renders <see cref="MemoryInfo"/> as crash's `kmem -i` (memory.c dump_kmeminfo(); the SHARED row as crash 9.0 prints it, only when counted).</summary>
public static class MemoryInfoText
{
    /// <summary>What a row shows for a count that could not be read.</summary>
    public const string Unknown = "?";

    /// <summary>
    /// The `kmem -i` table of <paramref name="m"/>, byte for byte as crash prints it where every count was
    /// read; a count the dump could not give is a row of <see cref="Unknown"/>, not a zero.
    /// </summary>
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
        // A count the dump could not give is shown as unknown (its reason is in the warnings), never as 0.
        void Counted(string label, long? pages)
        {
            if (pages is { } known)
                Row(label, known, Of(known, total, "TOTAL MEM"));
            else
                sb.Append(CultureInfo.InvariantCulture, $"{label,13}  {Unknown,7}  {Unknown,11}  unknown\n");
        }
        // crash 9.0 prints SHARED only for `kmem -i=shared` (it walks every struct page).
        if (m.SharedCounted)
            Counted("SHARED", m.Shared);
        Counted("BUFFERS", m.Buffers);
        Counted("CACHED", m.Cached);
        Counted("SLAB", m.Slab);
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
