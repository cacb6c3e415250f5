using System.Globalization;

namespace Crashdesk.Analysis.Symbols;

/// <summary>
/// crash's `sym` answer for one argument (help.c `help_sym`, symbols.c `cmd_sym`): a name gives
/// `&lt;address&gt; (&lt;type&gt;) &lt;name&gt;`, an address gives `&lt;address&gt; (&lt;type&gt;) &lt;name&gt;+&lt;offset&gt;`
/// (decimal, crash's default output radix), both followed by ` [module]` for a module symbol.
/// </summary>
public static class SymLookup
{
    /// <summary>Answers <paramref name="query"/> (a symbol name, or a hex address with or without 0x); false with a reason when it cannot.</summary>
    public static bool TryDescribe(SymbolTable symbols, string query, out string line, out SymbolLocation? location)
    {
        location = null;
        if (symbols.TryGetSymbol(query, out var named))
        {
            ulong at = symbols.ToRuntime(named.Address);
            location = new SymbolLocation(named, at, at);
            line = $"{at:x16} ({named.Type}) {named.Name}{(named.Module is null ? "" : $" [{named.Module}]")}";
            return true;
        }
        if (!TryParseAddress(query, out ulong address))
        {
            line = $"{query}: symbol not found";
            return false;
        }
        if (!symbols.TryResolve(address, out var found))
        {
            line = $"{query}: no symbol at or below this address";
            return false;
        }
        location = found;
        line = $"{address:x16} ({found.Symbol.Type}) {found}";
        return true;
    }

    /// <summary>Parses a hex address ("ffffffff8d9cd06e" or "0x...").</summary>
    public static bool TryParseAddress(string text, out ulong address)
    {
        string hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        address = 0;
        return hex.Length is > 0 and <= 16 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address);
    }
}
