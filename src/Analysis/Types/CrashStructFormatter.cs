using System.Text;

namespace Crashdesk.Analysis.Types;

/// <summary>
/// crash's `struct -o NAME` output (crash `symbols.c`: `do_datatype_declaration` and
/// `show_member_offset`, read at crash-utility/crash abcb45e): gdb's ptype text, and for each
/// indented line the member name is picked out of the text and its offset looked up by name in the
/// outer type (through anonymous members, like gdb evaluating the address of the member of a null struct pointer), printed as
/// "  [offset]" right-aligned in a column as wide as the SIZE's digits + 4. Lines without a
/// findable name (anonymous aggregate openers and closers) are indented by digits + 1.
/// </summary>
public static class CrashStructFormatter
{
    /// <summary>The full text, ending with "SIZE: n" and a newline.</summary>
    public static string Format(KernelType type)
    {
        var sb = new StringBuilder();
        string size = type.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        int width = size.Length + 4;
        foreach (string line in GdbTypePrinter.Body(type))
        {
            if (line.Length == 0 || line[0] != ' ')
            {
                sb.Append(line).Append('\n');
                continue;
            }
            string? target = Target(line);
            if (target is not null && type.TryFindMember(target, out _, out long offset))
            {
                string label = "  [" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
                sb.Append(label.PadLeft(width)).Append(line.AsSpan(3)).Append('\n');
            }
            else
                sb.Append(' ', size.Length + 1).Append(line).Append('\n');
        }
        sb.Append("SIZE: ").Append(size).Append('\n');
        return sb.ToString();
    }

    /// <summary>crash's choice of the member name on a ptype line (bitfield, function pointer, last word).</summary>
    internal static string? Target(string line)
    {
        string[] args = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 0)
            return null;
        string? target = null;
        if (line.Contains(':'))
        {
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == ":")
                {
                    target = args[i - 1];
                    break;
                }
            }
        }
        else
        {
            int i = 0;
            if (line.Contains("(*", StringComparison.Ordinal))
            {
                for (; i < args.Length; i++)
                {
                    string a = args[i];
                    string? t = a.StartsWith("(*", StringComparison.Ordinal) ? a[2..]
                        : a.StartsWith("*(*", StringComparison.Ordinal) ? a[3..]
                        : a.StartsWith("**(*", StringComparison.Ordinal) ? a[4..] : null;
                    if (t is null)
                        continue;
                    int close = t.IndexOf(')');
                    if (close < 0)
                        continue;
                    target = t[..close];
                    break;
                }
            }
            else
                i = args.Length;
            if (i == args.Length)
            {
                target = args[^1];
                if (!target.Contains(';'))
                    target = null;
            }
        }
        if (target is null)
            return null;
        var cleaned = new StringBuilder(target.Length);
        foreach (char ch in target)
            cleaned.Append("*[];()".Contains(ch) ? ' ' : ch);
        string s = cleaned.ToString().Trim();
        int space = s.IndexOf(' ');
        if (space >= 0)
            s = s[..space];
        return s.Length == 0 ? null : s;
    }
}
