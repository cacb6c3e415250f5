using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Diagnostics;

/// <summary>
/// Puts a string read from a dump (a VMCOREINFO value, a build-id, OSRELEASE, a symbol or module
/// name, a task's comm, log text) into a message safely: control and other non-printable characters
/// are written as escapes (`\x1b`, `\u200b`), and the value is cut at a length limit with "…". A dump
/// whose VMCOREINFO was overwritten by page data otherwise puts raw NULs and terminal escape
/// sequences into an error message, a log file and the user's terminal.
/// </summary>
public static class DumpText
{
    /// <summary>Characters of a value kept in a message by default (a build-id is 40, a release ~30).</summary>
    public const int DefaultMaxChars = 80;

    /// <summary><paramref name="value"/> escaped and bounded ("(none)" for null).</summary>
    public static string Escape(string? value, int maxChars = DefaultMaxChars)
    {
        if (value is null)
            return "(none)";
        if (maxChars < 1)
            maxChars = 1;
        bool clean = value.Length <= maxChars;
        for (int i = 0; clean && i < value.Length; i++)
            clean = IsPrintable(value[i]);
        if (clean)
            return value;
        var sb = new StringBuilder(Math.Min(value.Length, maxChars) + 16);
        int kept = 0;
        foreach (char c in value)
        {
            if (kept >= maxChars)
            {
                sb.Append('…');
                break;
            }
            if (IsPrintable(c))
                sb.Append(c);
            else if (c <= 0xff)
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            else
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            kept++;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Printable: not a C0/C1 control, DEL, a format or separator character (bidi overrides, zero-width
    /// characters, line/paragraph separators), an unpaired surrogate or the replacement character.
    /// A plain space is printable.
    /// </summary>
    private static bool IsPrintable(char c)
    {
        if (c is >= ' ' and < '\u007f')
            return true;
        if (c < ' ' || c is >= '\u007f' and <= '\u009f' || c == '\ufffd' || char.IsSurrogate(c))
            return false;
        return CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned);
    }
}
