using System.Text;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// gdb's spelling of characters and strings (gdb `valprint.c` `generic_emit_char` /
/// `print_wchar`): printable ASCII as itself, the C escapes `\a \b \f \n \r \t \v`, the quote and
/// backslash escaped, every other byte as a three-digit octal escape (`\000`, `\377`).
/// </summary>
internal static class GdbText
{
    /// <summary>A C string literal: `"init\000\000"`.</summary>
    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('"');
        foreach (byte b in bytes)
            AppendEscaped(sb, b, '"');
        sb.Append('"');
    }

    /// <summary>A character literal: `'a'`, `'\000'`.</summary>
    public static void AppendChar(StringBuilder sb, byte b)
    {
        sb.Append('\'');
        AppendEscaped(sb, b, '\'');
        sb.Append('\'');
    }

    private static void AppendEscaped(StringBuilder sb, byte b, char quote)
    {
        switch (b)
        {
            case 7: sb.Append("\\a"); return;
            case 8: sb.Append("\\b"); return;
            case 12: sb.Append("\\f"); return;
            case 10: sb.Append("\\n"); return;
            case 13: sb.Append("\\r"); return;
            case 9: sb.Append("\\t"); return;
            case 11: sb.Append("\\v"); return;
            case (byte)'\\': sb.Append("\\\\"); return;
        }
        if (b == quote)
            sb.Append('\\').Append(quote);
        else if (b is >= 0x20 and < 0x7f)
            sb.Append((char)b);
        else
            sb.Append('\\').Append((char)('0' + (b >> 6))).Append((char)('0' + ((b >> 3) & 7))).Append((char)('0' + (b & 7)));
    }
}
