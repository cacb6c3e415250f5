using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Splits a log into <see cref="LogLine"/>s, removing what sits in front of the kernel's own text:
/// syslog / journal prefixes (`Nov 22 00:11:47 host kernel: `, ISO-8601 journal stamps), `&lt;N&gt;` log
/// levels, `[    1.234567]` timestamps and `[T123]`/`[C1]` caller ids (kernel/printk/printk.c
/// info_print_prefix), /dev/kmsg `4,622,406528882,-;` records and "printk messages dropped" markers.
/// Logs pasted by people carry more in front: `dmesg -T` wall-clock stamps (util-linux dmesg.c
/// `[Wed Dec 19 03:36:07 2018]`), OpenWrt logread (`Tue Feb  1 19:02:25 2022 kern.warn kernel:`),
/// serial-terminal and CI stamps (`[2021/07/05, 13:43:52.334]`, `16:56:35 `), hypervisor console
/// tags (`[guest0/uart0] `), syslogd wall messages (` kernel:[...]`), editor line numbers, markdown
/// quotes and backticks, shell prompts glued to the first line, and localised syslog months.
/// </summary>
internal static partial class LogLineReader
{
    // rsyslog/journal prefixes; the month may be localised (`апр`, `кві`), the host may be missing, and
    // OpenWrt's logread puts the weekday, year and facility.level in front (`Tue Feb  1 19:02:25 2022 kern.warn`).
    [GeneratedRegex(@"^(?:(?:[A-Z][a-z]{2} +)?\p{L}{3,5}\.? +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?(?: \d{4})?|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)(?: +\S+)? +kernel(?:\[\d+\])?: ?")]
    private static partial Regex SyslogPrefix();

    // What a person's paste adds in front of the kernel's own prefix: markdown quotes and backticks,
    // editor line numbers, indentation, a shell prompt, `dmesg -T` and terminal/CI clocks, a bare ISO
    // stamp (rsyslog template without host), a hypervisor's console tag, a syslogd wall ` kernel:`.
    [GeneratedRegex(@"^(?:> ?|`+|\s+(?=\[)|\s*\d{1,7}\s+(?=\[\s*\d+\.\d*\])|\S{0,40} ?[#$] (?=\[\s*\d+\.\d*\])|\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \d{4}\] ?|\[\d{4}[/-]\d\d[/-]\d\d,? \d\d:\d\d:\d\d(?:[.,]\d+)?\] ?|\d\d:\d\d:\d\d(?:[.,]\d+)? (?=\[)|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?\s+(?=\[)|\[guest\d+/\w+\] |\s*kernel: ?(?=\[))")]
    private static partial Regex PastePrefix();

    [GeneratedRegex(@"^\[\s*([CT]\d+)\] ?")]
    private static partial Regex CallerOnly();

    [GeneratedRegex(@"^(?:\*\* \d+ printk messages dropped \*\* ?|\S{1,64} login: (?=\[)|<\d{1,3}>|\d{1,2},\d+,\d+,[^;]{0,8};)")]
    private static partial Regex Noise();

    /// <summary>Reads every line of <paramref name="text"/> (bounded by <paramref name="maxLines"/>).</summary>
    public static List<LogLine> Read(string text, int maxLines) => Read(text, maxLines, int.MaxValue, out _);

    /// <summary>
    /// Reads the lines of <paramref name="text"/>: at most <paramref name="maxLines"/>, each cut to
    /// <paramref name="maxLineChars"/> characters, and a run of blank lines kept as its first one (each
    /// line keeps its number in the file). A console after a reset or a flood of CRs gives millions of
    /// empty lines that say nothing; keeping them all made a 4 MB log cost 700 MB. What was cut or
    /// dropped is counted in <paramref name="stats"/> so the result can say so.
    /// </summary>
    public static List<LogLine> Read(string text, int maxLines, int maxLineChars, out LogReadStats stats)
    {
        var lines = new List<LogLine>();
        int number = 0, cut = 0;
        bool previousBlank = false, stopped = false;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (++number > maxLines)
            {
                stopped = true;
                break;
            }
            bool blank = IsBlank(raw);
            if (blank && previousBlank)
                continue;
            previousBlank = blank;
            var line = raw;
            if (line.Length > maxLineChars)
            {
                line = line[..maxLineChars];
                cut++;
            }
            lines.Add(Parse(number, line));
        }
        stats = new LogReadStats(stopped ? maxLines : number, cut, stopped);
        return lines;
    }

    /// <summary>Nothing but blanks and control characters (which <see cref="Clean"/> drops).</summary>
    private static bool IsBlank(ReadOnlySpan<char> raw)
    {
        foreach (char ch in raw)
        {
            if (ch > ' ' && ch != '\u007f')
                return false;
        }
        return true;
    }

    public static LogLine Parse(int number, string raw) => Parse(number, raw.AsSpan());

    /// <summary>
    /// One line without its prefixes. The common case (a console or `dmesg` line that starts with its
    /// stamp) is parsed by hand without a regex or an intermediate string: a 50 MB log is ~700k lines.
    /// </summary>
    public static LogLine Parse(int number, ReadOnlySpan<char> raw)
    {
        ReadOnlySpan<char> s = raw.TrimEnd("\r ");
        if (TryStamp(s, out int used, out double time, out string context))
            return Finish(number, s[used..], context, time);
        string clean = Clean(s);
        s = clean.AsSpan();
        for (int guard = 0; guard < 4; guard++)
        {
            int n = MatchLength(PastePrefix(), s);
            if (n <= 0)
                break;
            s = s[n..];
        }
        int m = MatchLength(SyslogPrefix(), s);
        if (m > 0)
            s = s[m..];
        for (int guard = 0; guard < 3; guard++)
        {
            int n = MatchLength(Noise(), s);
            if (n <= 0)
                break;
            s = s[n..];
        }
        if (TryStamp(s, out used, out time, out context))
            return Finish(number, s[used..], context, time);
        var c = CallerOnly().Match(s.ToString());
        if (c.Success)
            return new LogLine(number, s[c.Length..].ToString(), c.Groups[1].Value, null);
        return new LogLine(number, s.Length == clean.Length ? clean : s.ToString(), null, null);
    }

    private static LogLine Finish(int number, ReadOnlySpan<char> rest, string context, double time)
    {
        int lvl = MatchLength(Noise(), rest);
        if (lvl > 0)
            rest = rest[lvl..];
        return new LogLine(number, Clean(rest), context, time);
    }

    private static int MatchLength(Regex re, ReadOnlySpan<char> s)
    {
        foreach (var v in re.EnumerateMatches(s))
            return v.Index == 0 ? v.Length : 0;
        return 0;
    }

    /// <summary>
    /// `[    1.234567]`, optionally followed by a caller id `[T123]`/`[  C1]` (kernel/printk/printk.c
    /// print_time, info_print_prefix); the fraction may be cut off (`[  240.]`).
    /// </summary>
    private static bool TryStamp(ReadOnlySpan<char> s, out int used, out double time, out string context)
    {
        used = 0;
        time = 0;
        context = "";
        if (s.Length < 4 || s[0] != '[')
            return false;
        int i = 1;
        while (i < s.Length && s[i] == ' ')
            i++;
        long whole = 0, frac = 0, scale = 1;
        int digits = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]) && digits < 12; i++, digits++)
            whole = whole * 10 + (s[i] - '0');
        if (digits == 0 || i >= s.Length || s[i] != '.')
            return false;
        i++;
        for (int fd = 0; i < s.Length && char.IsAsciiDigit(s[i]); i++, fd++)
        {
            if (fd < 9)
            {
                frac = frac * 10 + (s[i] - '0');
                scale *= 10;
            }
        }
        if (i >= s.Length || s[i] != ']')
            return false;
        i++;
        time = whole + (double)frac / scale;
        if (i + 2 < s.Length && s[i] == '[')
        {
            int j = i + 1;
            while (j < s.Length && s[j] == ' ')
                j++;
            if (j < s.Length && (s[j] == 'C' || s[j] == 'T'))
            {
                int k = j + 1;
                while (k < s.Length && char.IsAsciiDigit(s[k]))
                    k++;
                if (k > j + 1 && k < s.Length && s[k] == ']')
                {
                    context = s[j..k].ToString();
                    i = k + 1;
                }
            }
        }
        if (i < s.Length && s[i] == ' ')
            i++;
        used = i;
        return true;
    }

    /// <summary>Tabs become blanks, other control characters (NUL, ESC, CR inside a line) are dropped.</summary>
    private static string Clean(ReadOnlySpan<char> s)
    {
        int bad = 0;
        foreach (char ch in s)
        {
            if (ch < 0x20 && ch != '\t')
                bad++;
        }
        if (bad == 0 && s.IndexOf('\t') < 0)
            return s.ToString();
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (char ch in s)
        {
            if (ch == '\t')
                sb.Append(' ');
            else if (ch >= 0x20)
                sb.Append(ch);
        }
        return sb.ToString();
    }
}
