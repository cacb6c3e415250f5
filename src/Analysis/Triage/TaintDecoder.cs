namespace Crashdesk.Analysis.Triage;

/// <summary>Decodes the taint letters of kernel/panic.c taint_flags (Documentation/admin-guide/tainted-kernels.rst).</summary>
internal static class TaintDecoder
{
    private static readonly Dictionary<char, string> _words = new()
    {
        ['P'] = "proprietary module loaded",
        ['F'] = "module force-loaded",
        ['S'] = "kernel running on an out-of-specification system",
        ['R'] = "module force-unloaded",
        ['M'] = "machine check exception occurred",
        ['B'] = "bad page referenced or unexpected page flags",
        ['U'] = "taint requested by userspace",
        ['D'] = "kernel died recently (OOPS or BUG)",
        ['A'] = "ACPI table overridden",
        ['W'] = "kernel issued a warning",
        ['C'] = "staging driver loaded",
        ['I'] = "workaround for platform firmware bug applied",
        ['O'] = "out-of-tree module loaded",
        ['E'] = "unsigned module loaded",
        ['L'] = "soft lockup occurred",
        ['K'] = "kernel live patched",
        ['X'] = "auxiliary taint (distribution-defined)",
        ['T'] = "kernel built with struct randomization plugin",
        ['N'] = "in-kernel test run",
        ['J'] = "userspace used a mutating debug operation in fwctl",
    };

    /// <summary>Decodes `G           OE     ` (or "" for `Not tainted`).</summary>
    public static TaintInfo Decode(string raw)
    {
        var flags = new List<string>();
        foreach (char c in raw)
        {
            if (c != 'G' && _words.TryGetValue(c, out var word) && !flags.Contains(word))
                flags.Add(word);
        }
        return new TaintInfo { Raw = raw, Flags = flags };
    }
}
