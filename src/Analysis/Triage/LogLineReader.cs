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

    // The fraction may be cut off by a copy (`[  240.]`).
    [GeneratedRegex(@"^\[\s*(\d+)\.(\d*)\](?:\[\s*([CT]\d+)\])? ?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^\[\s*([CT]\d+)\] ?")]
    private static partial Regex CallerOnly();

    [GeneratedRegex(@"^(?:\*\* \d+ printk messages dropped \*\* ?|\S{1,64} login: (?=\[)|<\d{1,3}>|\d{1,2},\d+,\d+,[^;]{0,8};)")]
    private static partial Regex Noise();

    /// <summary>Reads every line of <paramref name="text"/> (bounded by <paramref name="maxLines"/>).</summary>
    public static List<LogLine> Read(string text, int maxLines)
    {
        var lines = new List<LogLine>();
        int number = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            if (++number > maxLines)
                break;
            lines.Add(Parse(number, raw.ToString()));
        }
        return lines;
    }

    public static LogLine Parse(int number, string raw)
    {
        string s = raw.Replace('\t', ' ').TrimEnd('\r', ' ');
        s = StripControl(s);
        for (int guard = 0; guard < 4; guard++)
        {
            var p = PastePrefix().Match(s);
            if (!p.Success || p.Length == 0)
                break;
            s = s[p.Length..];
        }
        var m = SyslogPrefix().Match(s);
        if (m.Success)
            s = s[m.Length..];
        for (int guard = 0; guard < 3; guard++)
        {
            var n = Noise().Match(s);
            if (!n.Success)
                break;
            s = s[n.Length..];
        }
        var t = Timestamp().Match(s);
        if (t.Success)
        {
            double time = double.Parse(t.Groups[1].Value + "." + (t.Groups[2].Length > 0 ? t.Groups[2].Value : "0"), System.Globalization.CultureInfo.InvariantCulture);
            string context = t.Groups[3].Success ? t.Groups[3].Value : "";
            s = s[t.Length..];
            var lvl = Noise().Match(s);
            if (lvl.Success)
                s = s[lvl.Length..];
            return new LogLine(number, s, context, time);
        }
        var c = CallerOnly().Match(s);
        if (c.Success)
            return new LogLine(number, s[c.Length..], c.Groups[1].Value, null);
        return new LogLine(number, s, null, null);
    }

    private static string StripControl(string s)
    {
        foreach (char ch in s)
        {
            if (ch < 0x20)
                return string.Concat(s.Where(x => x >= 0x20));
        }
        return s;
    }
}
