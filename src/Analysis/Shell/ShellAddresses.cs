using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Analysis.Shell;

/// <summary>
/// How crash reads an address argument (`cmd_rd`, `cmd_dis`, `cmd_struct`): a hexadecimal number,
/// with or without `0x` (crash's `hexadecimal()`), else a symbol name; and crash's answer for a
/// name it does not know (`symbol not found` and the symbols whose names contain it, symbols.c
/// `symbol_query`).
/// </summary>
public static class ShellAddresses
{
    /// <summary>How many "possible alternatives" are listed at most (crash lists them all; a short name would list thousands).</summary>
    public const int MaxAlternatives = 50;

    /// <summary>The address of <paramref name="text"/> (hex, a symbol's run-time address, or with <paramref name="withOffset"/> symbol+offset with a decimal or 0x offset as gdb reads `sysrq_handle_crash+17`); false when it is none.</summary>
    public static bool TryResolve(CrashShell shell, string text, out ulong address, bool withOffset = false)
    {
        if (SymLookup.TryParseAddress(text, out address) && LooksHex(text))
            return true;
        if (shell.Context.TryGetSymbolAddress(text, out address))
            return true;
        int plus = withOffset ? text.LastIndexOf('+') : -1;
        if (plus > 0 && shell.Context.TryGetSymbolAddress(text[..plus], out address) && TryParseOffset(text[(plus + 1)..], out ulong offset))
        {
            address += offset;
            return true;
        }
        return false;
    }

    private static bool TryParseOffset(string text, out ulong offset) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out offset)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out offset);

    /// <summary>
    /// Like <see cref="TryResolve"/>, throwing crash's "symbol not found" text (with alternatives) when
    /// it fails. <paramref name="withOffset"/>: the command takes symbol+offset (crash's dis hands its
    /// argument to gdb, which evaluates it; rd and struct look the word up as a symbol only).
    /// </summary>
    public static ulong Require(CrashShell shell, string text, bool withOffset = false)
    {
        if (TryResolve(shell, text, out ulong address, withOffset))
            return address;
        throw new ShellCommandException(NotFound(shell.Context.Symbols, text));
    }

    /// <summary>crash's "symbol not found: X" with the "possible alternatives" (symbols whose names contain X).</summary>
    public static string NotFound(SymbolTable symbols, string name)
    {
        var sb = new StringBuilder();
        sb.Append("symbol not found: ").Append(name).Append("\npossible alternatives:\n");
        int found = 0;
        foreach (int i in symbols.AddressOrder)
        {
            var s = symbols.Symbols[i];
            if (!s.Name.Contains(name, StringComparison.Ordinal))
                continue;
            if (found++ == MaxAlternatives)
            {
                sb.Append("  (more not shown)\n");
                break;
            }
            sb.Append("  ").Append(symbols.ToRuntime(s.Address).ToString("x16", CultureInfo.InvariantCulture))
              .Append(" (").Append(s.Type).Append(") ").Append(s.Name);
            if (s.Module is not null)
                sb.Append(" [").Append(s.Module).Append(']');
            sb.Append('\n');
        }
        if (found == 0)
            sb.Append("  (none found)\n");
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>A count argument: decimal, or hex with 0x (crash's `stol`).</summary>
    public static long ParseCount(string command, string text)
    {
        bool ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long value)
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok)
            throw new ShellCommandException($"{command}: invalid count request: {text}");
        return value;
    }

    private static bool LooksHex(string text)
    {
        string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiHexDigit);
    }
}
