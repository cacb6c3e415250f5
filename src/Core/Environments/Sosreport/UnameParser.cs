using System.Collections.Frozen;

namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// <c>uname -a</c> (sos: <c>sos_commands/kernel/uname_-a</c>, linked as <c>uname</c>). GNU uname(1)
/// prints, in order: kernel name, node name, release, version, machine, processor, hardware platform,
/// operating system, leaving out processor and platform when they are "unknown". The version has
/// spaces (<c>#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)</c>), so it is what lies between the
/// release and the run of architecture words at the end; the machine is the first of that run
/// (RHEL prints <c>x86_64 x86_64 x86_64</c>; 32-bit x86 <c>i686 i686 i386</c>, machine i686).
/// </summary>
internal static class UnameParser
{
    private static readonly FrozenSet<string> Architectures = new[]
    {
        "x86_64", "i386", "i486", "i586", "i686", "aarch64", "arm64", "armv7l", "armv6l", "armv8l", "ppc64le", "ppc64", "ppc",
        "s390x", "s390", "riscv64", "mips", "mips64", "loongarch64", "sparc64", "ia64", "alpha", "unknown",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The facts, or null when the text is not uname's (an error message, say).</summary>
    public static UnameFacts? Parse(string text)
    {
        string? line = CommandOutput.FirstLine(text);
        if (line is null)
            return null;
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        // Kernel name, node name, release at least; the version starts with '#' (init/version-timestamp.c: "#" UTS_VERSION).
        if (words.Count < 3 || words[0] != "Linux" || words.Count > 3 && !words[3].StartsWith('#'))
            return null;
        string release = words[2];
        var rest = words.Skip(3).ToList();
        if (rest.Count > 0 && rest[^1] is "GNU/Linux" or "Linux")
            rest.RemoveAt(rest.Count - 1);
        int run = rest.Count;
        while (run > 1 && Architectures.Contains(rest[run - 1]))
            run--;
        string? architecture = null;
        if (run < rest.Count)
        {
            architecture = rest[run] == "unknown" ? null : rest[run];
            rest.RemoveRange(run, rest.Count - run);
        }
        return new UnameFacts(release, rest.Count > 0 ? string.Join(' ', rest) : null, architecture);
    }
}
