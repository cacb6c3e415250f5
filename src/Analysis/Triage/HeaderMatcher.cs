using System.Text.RegularExpressions;

namespace Crashdesk.Analysis.Triage;

/// <summary>
/// Decides whether a line starts a crash report, and which kind. Lines that merely look like one
/// (boot-time mitigation notices, filesystem warnings, user-space `traps:` lines, fuzzer chatter)
/// are ignored.
/// </summary>
internal static partial class HeaderMatcher
{
    // Cheap substring filter: a line with none of these cannot start a report.
    private static readonly string[] _triggers =
    [
        "BUG", "WARNING:", "INFO:", "Kernel panic", "general protection fault", "Unable to handle", "invalid opcode",
        "divide", "int3:", "stack segment", "double fault", "UBSAN:", "Internal error:", "Unhandled fault", "Alignment trap",
        "Oops", "unreferenced object", "kmemleak:", "VFS: ", "Hardware Error", "EDAC", "NMI", "LOCKUP", "unregister_netdevice",
    ];

    [GeneratedRegex(@"WARNING: /etc/ssh/moduli|WARNING: workqueue cpumask|WARNING: [Tt]he mand mount option|WARNING: Unsupported flag value|WARNING: Unprivileged eBPF|WARNING: fbcon: Driver|WARNING: See https|WARNING: kernel not compiled with|EXT4-[Ff][Ss]|XFS \(\w+\): WARNING|[Ww]arning: .* uses (?:deprecated v2 capabilities|wireless extensions)|(?:RETBleed|Spectre|MDS|TAA|MMIO Stale Data|SRBDS|GDS|L1TF|Speculative|SRSO|ITS|BHI)[^:]{0,30}: WARNING|INFO: lockdep is turned off|INFO: Stall ended before state dump start|INFO: NMI handler|INFO: recovery required on readonly filesystem|(?:handler|interrupt).*took too long|INFO: sys_.* is not present in /proc/kallsyms|no syscalls can create resource|_INFO:|^traps: |segfault at |Booting the kernel|DEBUG:|xlog_status:|NMI watchdog: (?:Enabled|Perf|disabled|Shutting)|NMI backtrace for cpu|Uhhuh\. NMI received\. Dazed|EDAC (?:MC: Ver|\w+: Giving out device|\w+: ECC)|(?:Not|not) enabling EDAC|Hardware Error\]: (?:Machine check events logged)?$")]
    private static partial Regex Ignored();

    /// <summary>The pattern whose header <paramref name="text"/> is, with its match; null for an ordinary line.</summary>
    public static (OopsPattern Pattern, Match Match)? Match(string text)
    {
        if (text.Length < 5 || text.Length > 2000 || !HasTrigger(text) || Ignored().IsMatch(text))
            return null;
        foreach (var pattern in OopsCatalog.All)
        {
            var m = pattern.Header.Match(text);
            if (!m.Success)
                continue;
            // `ODEBUG:` contains `BUG:`: a header word glued to a longer word is not a header.
            if (m.Index > 0 && (char.IsAsciiLetterOrDigit(text[m.Index - 1]) || text[m.Index - 1] == '_'))
                continue;
            return (pattern, m);
        }
        return null;
    }

    private static bool HasTrigger(string text)
    {
        foreach (string t in _triggers)
        {
            if (text.Contains(t, StringComparison.Ordinal))
                return true;
        }
        return false;
    }
}
