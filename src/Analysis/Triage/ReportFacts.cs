using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// The facts every oops header carries (lib/dump_stack.c dump_stack_print_info, arch/x86/kernel/process_64.c
/// __show_regs): `CPU: N PID: N Comm: x Tainted: ... release`, `Hardware name:`, the register dump.
/// </summary>
internal sealed partial class ReportFacts
{
    [GeneratedRegex(@"CPU: (\d+) (?:UID: \d+ )?PID: (\d+) Comm: (.+?)(?: Kdump: loaded)? (?:Not tainted|Tainted: ([A-Z ]*?))\s+(\d\S*)")]
    private static partial Regex CpuLine();

    [GeneratedRegex(@"Pid: (\d+), comm: (\S+)\s+(?:Not tainted|Tainted: ([A-Z ]*?))\s+(\d\S*)")]
    private static partial Regex OldPidLine();

    [GeneratedRegex(@"^\s*(?:Not tainted|Tainted: ([A-Z ]*?))\s+(\d\S*)")]
    private static partial Regex TaintOnly();

    [GeneratedRegex(@"Hardware name: (.+?)\s*$")]
    private static partial Regex Hardware();

    [GeneratedRegex(@"(?<![\w])([A-Z][A-Z0-9_]{1,7}|x\d{1,2}|sp|lr|pc|pstate)\s?:\s?(?:[0-9a-f]{4}:)?([0-9a-f]{8,16})\b")]
    private static partial Regex Register();

    [GeneratedRegex(@"^\s*(?:R[A-Z0-9]{1,2}|E[A-Z]{2}|FS|GS|CS|CR\d|DR\d|PKRU|x\d{1,2}|sp|pc|lr|pstate)\s?:")]
    private static partial Regex RegisterLine();

    public int? Cpu { get; private set; }
    public int? Pid { get; private set; }
    public string? Comm { get; private set; }
    public TaintInfo? Taint { get; private set; }
    public string? Release { get; private set; }
    public bool KdumpLoaded { get; private set; }
    public string? HardwareName { get; private set; }
    public Dictionary<string, string> Registers { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the facts from the first lines of a report (up to its first stack, registers included).</summary>
    public static ReportFacts Read(IReadOnlyList<LogLine> lines, int limit)
    {
        var facts = new ReportFacts();
        bool inRegs = false, regsDone = false;
        int stop = Math.Min(lines.Count, limit);
        for (int i = 0; i < stop; i++)
        {
            string text = lines[i].Text;
            if (facts.Cpu is null && facts.Taint is null)
                facts.TryCpuLine(text);
            if (facts.HardwareName is null)
            {
                var h = Hardware().Match(text);
                if (h.Success)
                    facts.HardwareName = h.Groups[1].Value;
            }
            if (!regsDone && RegisterLine().IsMatch(text) && !text.TrimStart().StartsWith("RIP: 0033", StringComparison.Ordinal))
            {
                inRegs = true;
                foreach (Match r in Register().Matches(text))
                    facts.Registers.TryAdd(r.Groups[1].Value, r.Groups[2].Value);
            }
            else if (inRegs && !text.TrimStart().StartsWith("Code:", StringComparison.Ordinal))
            {
                regsDone = true;
            }
            if (TraceReader.IsStackStart(text) && i > 0)
                regsDone = true;
        }
        return facts;
    }

    private void TryCpuLine(string text)
    {
        var m = CpuLine().Match(text);
        if (m.Success)
        {
            Cpu = Int(m.Groups[1].Value);
            Pid = Int(m.Groups[2].Value);
            Comm = m.Groups[3].Value.Trim();
            Taint = TaintDecoder.Decode(m.Groups[4].Value.Trim());
            Release = m.Groups[5].Value;
            KdumpLoaded = text.Contains("Kdump: loaded", StringComparison.Ordinal);
            return;
        }
        var o = OldPidLine().Match(text);
        if (o.Success)
        {
            Pid = Int(o.Groups[1].Value);
            Comm = o.Groups[2].Value;
            Taint = TaintDecoder.Decode(o.Groups[3].Value.Trim());
            Release = o.Groups[4].Value;
            return;
        }
        var t = TaintOnly().Match(text);
        if (t.Success)
        {
            Taint = TaintDecoder.Decode(t.Groups[1].Value.Trim());
            Release = t.Groups[2].Value;
        }
    }

    private static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
}
