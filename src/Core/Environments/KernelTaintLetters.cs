using System.Text;

namespace Crashdesk.Core.Environments;

/// <summary>
/// The kernel's taint letters, as print_tainted() shows them: kernel/panic.c <c>taint_flags[]</c>
/// (v6.1: bits 0–18, TAINT_PROPRIETARY_MODULE 'P' … TAINT_TEST 'N'), set flags only, in bit
/// order; "Not tainted" (the kernel's own words) for none.
/// </summary>
public static class KernelTaintLetters
{
    private const string Letters = "PFSRMBUDAWCIOELKXTN";

    public const string NotTainted = "Not tainted";

    public static string FromMask(ulong mask)
    {
        if (mask == 0)
            return NotTainted;
        var sb = new StringBuilder();
        for (int bit = 0; bit < Letters.Length; bit++)
            if ((mask & (1UL << bit)) != 0)
                sb.Append(Letters[bit]);
        // Bits the v6.1 table does not name are kept visible rather than dropped.
        ulong unknown = mask & ~((1UL << Letters.Length) - 1);
        if (unknown != 0)
            sb.Append($" (+0x{unknown:x})");
        return sb.ToString();
    }

    /// <summary>
    /// The set letters of an oops header's <c>Tainted:</c> field (<c>G           OE     </c> →
    /// <c>OE</c>): 'G' is the "no proprietary module" placeholder and spaces are unset flags.
    /// </summary>
    public static string FromHeader(string raw)
    {
        var letters = new string([.. raw.Where(c => c != 'G' && !char.IsWhiteSpace(c))]);
        return letters.Length == 0 ? NotTainted : letters;
    }
}
