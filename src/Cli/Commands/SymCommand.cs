using System.Globalization;
using Crashdesk.Analysis;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Matching;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Profiles;
using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// crash's `sym`: `crashdesk sym [<dump>] <name|address> (--vmlinux F | --profile F | --system-map F) [--kaslr-offset HEX]`.
/// With a dump, its VMCOREINFO gives the KASLR offset and the debug kernel is checked against it
/// first (a mismatch exits 1 with the pre-flight message). Without a dump, addresses are link-time
/// unless --kaslr-offset is given.
/// </summary>
internal sealed class SymCommand : ICliCommand
{
    public string Name => "sym";

    public string Summary => "resolve a symbol name or address like crash's `sym` (--vmlinux F | --profile F | --system-map F)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count is < 1 or > 2)
        {
            error.WriteLine("usage: crashdesk sym [<dump>] <name|address> (--vmlinux F | --profile F | --system-map F) [--kaslr-offset HEX]");
            return 2;
        }
        try
        {
            string query = arguments.Positionals[^1];
            using var loaded = LoadSymbols(arguments, error, out var symbols, out var identity);
            if (symbols is null)
                return 2;
            long kaslr = 0;
            if (arguments.Option("--kaslr-offset") is { } k)
                kaslr = (long)ParseHex(k);
            if (arguments.Positionals.Count == 2)
            {
                string dump = arguments.Positionals[0];
                using var source = new FileByteSource(dump);
                var target = KernelTarget.Open(source);
                if (identity is not null)
                {
                    var check = KernelMatcher.Check(DumpIdentity.FromVmcoreInfo(target.VmcoreInfo, null), identity);
                    if (!check.IsUsable)
                    {
                        error.WriteLine($"crashdesk sym: {dump}: {check.Message}");
                        return 1;
                    }
                }
                kaslr = (long)target.KernelOffset;
            }
            symbols = symbols.WithKaslrOffset(kaslr);
            return Print(symbols, query, output, error);
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or IOException or FormatException or OverflowException)
        {
            error.WriteLine($"crashdesk sym: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static int Print(SymbolTable symbols, string query, TextWriter output, TextWriter error)
    {
        if (symbols.TryGetSymbol(query, out var named))
        {
            output.WriteLine($"{symbols.ToRuntime(named.Address):x16} ({named.Type}) {named.Name}{(named.Module is null ? "" : $" [{named.Module}]")}");
            return 0;
        }
        if (!TryParseAddress(query, out ulong address))
        {
            error.WriteLine($"crashdesk sym: {query}: symbol not found");
            return 1;
        }
        if (!symbols.TryResolve(address, out var location))
        {
            error.WriteLine($"crashdesk sym: {query}: no symbol at or below this address");
            return 1;
        }
        output.WriteLine($"{address:x16} ({location.Symbol.Type}) {location}");
        return 0;
    }

    private static IDisposable? LoadSymbols(CliArguments arguments, TextWriter error, out SymbolTable? symbols, out KernelIdentity? identity)
    {
        identity = null;
        symbols = null;
        if (arguments.Option("--system-map") is { } map)
        {
            symbols = SymbolTable.Create(new SystemMapSource(map).ReadSymbols());
            return null;
        }
        var loaded = DebugInfoLoader.Load(arguments, error);
        if (loaded is null)
            return null;
        symbols = loaded.Info.Symbols;
        identity = loaded.Info.Identity;
        return loaded;
    }

    private static bool TryParseAddress(string text, out ulong address)
    {
        string hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address) && hex.Length > 0;
    }

    private static ulong ParseHex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
