using System.Globalization;
using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Recognises backtrace lines in the shapes the kernel has printed them over the years
/// (arch/x86/kernel/dumpstack.c printk_stack_address, lib/vsprintf.c %pS/%pB):
/// ` func+0x1f/0x30 [module]`, ` ? func+0x..`, ` [&lt;ffffffff81234567&gt;] func+0x..`, ` [] func+0x..`
/// (addresses lost in copy/paste), powerpc ` [c..] [c..] func+0x.. (unreliable)`, and the faulting
/// location of `RIP: 0010:func+0x..`, `IP: [&lt;...&gt;] func+0x..`, `EIP is at func+0x..`, arm64 `pc : func+0x..`.
/// </summary>
internal static partial class FrameParser
{
    private const string Address = @"(?:\[<?(?:0x)?[0-9a-fA-F]*>?\]\s*)";
    private const string Symbol = @"([A-Za-z_$][\w.$]*)\+0x([0-9a-fA-F]+)(?:/0x([0-9a-fA-F]+))?(?:\s+\[([\w.\-]+)(?:\s+[0-9a-f]{6,})?\])?";

    [GeneratedRegex(@"^\s*" + Address + @"{0,3}(\?\s+)?" + Address + @"{0,2}\(?" + Symbol + @"\)?(\s+\(unreliable\))?")]
    private static partial Regex TraceLine();

    [GeneratedRegex(@"(?:^|\s|\b)(?:RIP|IP|EIP|NIP|pc|PC)\s*:\s*(?:\[?<?[0-9a-f]{4}>?\]?:)?\s*" + Address + @"{0,2}" + Symbol)]
    private static partial Regex RipLine();

    [GeneratedRegex(@"(?:EIP|RIP|PC|NIP) is at " + Symbol + @"|^\s*NIP \[[0-9a-f]+\] " + Symbol)]
    private static partial Regex OldRipLine();

    // decode_stacktrace.sh turns `RIP: 0010:func+0x1/0x2` into `RIP: 0010:func (fs/x.c:12 (discriminator 1))`;
    // s390 prints the faulting PSW with its symbol (arch/s390/kernel/dumpstack.c show_registers):
    // `Krnl PSW : 0704d00180000000 00000000009e59e4 (number+0x464/0x5d0)`.
    [GeneratedRegex(@"^\s*(?:RIP|IP|EIP|NIP|pc|PC)\s*:\s*(?:[0-9a-f]{4}:)?([A-Za-z_][\w.]*) \([\w\-/.]+\.[chS]:\d+|^\s*Krnl PSW : [0-9a-f]+ [0-9a-f]+ \(([A-Za-z_][\w.]*)\+0x([0-9a-f]+)/0x([0-9a-f]+)")]
    private static partial Regex OtherRipLine();

    // A faulting location that is not kernel text: `RIP: 0033:0x47b7a0`, `IP: [<  (null)>]  (null)`.
    [GeneratedRegex(@"(?:^|\s)(?:RIP|IP|EIP|NIP|pc)\s*:\s*(?:[0-9a-f]{4}:)?(?:0x[0-9a-f]+|\[<\s*\(null\)>\])")]
    private static partial Regex RawRipLine();

    // arm (arch/arm/kernel/unwind.c dump_backtrace_entry): `X from Y+0x18/0x1c`, older `[<c08>] (X) from [<c08>] (Y+0x64/0xe4)`.
    [GeneratedRegex(@"^\s*(?:\[<[0-9a-f]+>\]\s*)?\(?([A-Za-z_][\w.]*)(?:\+0x([0-9a-f]+)/0x([0-9a-f]+))?\)? from (?:\[<[0-9a-f]+>\]\s*)?\(?([A-Za-z_][\w.]*)\+0x")]
    private static partial Regex ArmFromLine();

    // scripts/decode_stacktrace.sh output: ` dump_stack_lvl (lib/dump_stack.c:107)`.
    [GeneratedRegex(@"^\s*(\?\s+)?([A-Za-z_][\w.]*) \(([\w\-/.]+\.[chS]:\d+)\)\s*$")]
    private static partial Regex DecodedLine();

    [GeneratedRegex(@"^\s*</?(IRQ|NMI|TASK|SOFTIRQ|EOI|#DF|DF|MCE|VC|DB|EXC)>\s*$")]
    private static partial Regex Marker();

    /// <summary>Parses a backtrace line, or returns null.</summary>
    public static TraceFrame? ParseTraceLine(string text, string? context)
    {
        if (text.Length == 0 || text.Length > 600)
            return null;
        if (text.IndexOf('+') < 0)
            return ParseDecoded(text, context);
        if (text.Contains(" from ", StringComparison.Ordinal) && ArmFromLine().Match(text) is { Success: true } arm)
        {
            return new TraceFrame
            {
                Function = arm.Groups[1].Value,
                Offset = ParseHex(arm.Groups[2].Value),
                Size = ParseHex(arm.Groups[3].Value),
                Context = context,
            };
        }
        var m = TraceLine().Match(text);
        if (!m.Success)
            return ParseDecoded(text, context);
        string function = m.Groups[2].Value;
        if (IsRegisterName(function))
            return null;
        return new TraceFrame
        {
            Function = function,
            Offset = ParseHex(m.Groups[3].Value),
            Size = ParseHex(m.Groups[4].Value),
            Module = m.Groups[5].Success ? m.Groups[5].Value : null,
            Reliable = !m.Groups[1].Success && !m.Groups[6].Success,
            Context = context,
        };
    }

    /// <summary>The caller named by an arm `X from Y+0x..` line (the frame below X), or null.</summary>
    public static string? ParseArmCaller(string text)
    {
        if (text.Length > 600 || !text.Contains(" from ", StringComparison.Ordinal))
            return null;
        var m = ArmFromLine().Match(text);
        return m.Success ? m.Groups[4].Value : null;
    }

    private static TraceFrame? ParseDecoded(string text, string? context)
    {
        if (!text.EndsWith(')') || !text.Contains(" (", StringComparison.Ordinal))
            return null;
        var d = DecodedLine().Match(text);
        if (!d.Success || IsRegisterName(d.Groups[2].Value))
            return null;
        return new TraceFrame { Function = d.Groups[2].Value, Reliable = !d.Groups[1].Success, Context = context };
    }

    /// <summary>Parses the faulting location of a `RIP:`/`IP:`/`pc :` line (kernel text only), or returns null.</summary>
    public static TraceFrame? ParseRipLine(string text)
    {
        if (text.Length > 600 || text.StartsWith("lr ", StringComparison.Ordinal))
            return null;
        var m = RipLine().Match(text);
        if (!m.Success || m.Index > 20)
        {
            m = OldRipLine().Match(text);
            if (!m.Success)
                return ParseOtherRip(text);
        }
        int g = m.Groups[1].Success ? 1 : 5;
        return new TraceFrame
        {
            Function = m.Groups[g].Value,
            Offset = ParseHex(m.Groups[g + 1].Value),
            Size = ParseHex(m.Groups[g + 2].Value),
            Module = m.Groups[g + 3].Success ? m.Groups[g + 3].Value : null,
            IsRip = true,
        };
    }

    private static TraceFrame? ParseOtherRip(string text)
    {
        if (!text.Contains(" (", StringComparison.Ordinal))
            return null;
        var o = OtherRipLine().Match(text);
        if (!o.Success)
            return null;
        if (o.Groups[1].Success)
            return IsRegisterName(o.Groups[1].Value) ? null : new TraceFrame { Function = o.Groups[1].Value, IsRip = true };
        return new TraceFrame
        {
            Function = o.Groups[2].Value, Offset = ParseHex(o.Groups[3].Value), Size = ParseHex(o.Groups[4].Value), IsRip = true,
        };
    }

    /// <summary>
    /// True for a line that states where the CPU faulted, in kernel text or not (a user-mode
    /// `RIP: 0033:0x...`); register dumps such as powerpc's `NIP:  c000...  LR: ...` are not.
    /// </summary>
    public static bool IsRipLine(string text, out TraceFrame? rip)
    {
        rip = text.Length <= 600 ? ParseRipLine(text) : null;
        return rip is not null || text.Length <= 600 && RawRipLine().IsMatch(text);
    }

    /// <summary>True for `RIP: ...`-style lines, including user-mode ones (`RIP: 0033:0x47b7a0`).</summary>
    public static bool IsRipLike(string text)
    {
        string t = text.TrimStart();
        return t.StartsWith("RIP:", StringComparison.Ordinal) || t.StartsWith("IP:", StringComparison.Ordinal)
            || t.StartsWith("EIP:", StringComparison.Ordinal) || t.StartsWith("pc : ", StringComparison.Ordinal)
            || t.StartsWith("NIP", StringComparison.Ordinal) || t.StartsWith("RIP ", StringComparison.Ordinal)
            || t.StartsWith("Krnl PSW", StringComparison.Ordinal)
            || t.Contains(" is at ", StringComparison.Ordinal) && (t.StartsWith("EIP", StringComparison.Ordinal) || t.StartsWith("PC", StringComparison.Ordinal));
    }

    /// <summary>Context markers inside a trace: `&lt;IRQ&gt;`, `&lt;/IRQ&gt;`, `&lt;TASK&gt;`, `&lt;NMI&gt;`...; returns the marker name.</summary>
    public static string? ParseMarker(string text)
    {
        if (text.Length > 16 || !text.Contains('<'))
            return null;
        var m = Marker().Match(text);
        if (!m.Success)
            return null;
        return text.Contains("</", StringComparison.Ordinal) ? "/" + m.Groups[1].Value : m.Groups[1].Value;
    }

    private static bool IsRegisterName(string s) => s.Length <= 3 && s.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    private static long? ParseHex(string s) =>
        s.Length is > 0 and <= 16 && long.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long v) ? v : null;
}
