using System.Text;

namespace Crashdesk.Analysis.Context.Modules;

/// <summary>
/// Letters of a module's `taints` bits, as the kernel's module_flags() prints them in
/// "Modules linked in: corpus_crash(OE)": kernel/panic.c `taint_flags[]` at v6.1, only the entries
/// whose `module` field is true, in bit order.
/// </summary>
public static class ModuleTaints
{
    private static readonly (int Bit, char Letter)[] _moduleTaints =
    [
        (0, 'P'),  // TAINT_PROPRIETARY_MODULE
        (1, 'F'),  // TAINT_FORCED_MODULE
        (10, 'C'), // TAINT_CRAP (staging)
        (12, 'O'), // TAINT_OOT_MODULE
        (13, 'E'), // TAINT_UNSIGNED_MODULE
        (15, 'K'), // TAINT_LIVEPATCH
        (16, 'X'), // TAINT_AUX
        (17, 'T'), // TAINT_RANDSTRUCT
        (18, 'N'), // TAINT_TEST (6.0)
    ];

    /// <summary>"OE" for out-of-tree + unsigned; "" for none.</summary>
    public static string Letters(ulong taints)
    {
        var sb = new StringBuilder();
        foreach (var (bit, letter) in _moduleTaints)
            if ((taints & (1UL << bit)) != 0)
                sb.Append(letter);
        return sb.ToString();
    }
}
