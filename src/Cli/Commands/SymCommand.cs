using System.Globalization;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.IO;
using Crashdesk.Analysis.Kernel;
using Crashdesk.Analysis.Memory;
using Crashdesk.Analysis.Symbols;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// crash's `sym`: `crashdesk sym [<dump>] <name|address> [--vmlinux F | --profile F | --system-map F] [--kaslr-offset HEX] [--json]`.
/// With a dump: the debug kernel, if given, is checked against the dump first (a mismatch exits 1
/// with the pre-flight message) and its symbols are moved by KASLR; without one the kernel's own
/// kallsyms tables in the dump are used. Module symbols come from each module's table in memory.
/// Without a dump, addresses are link-time unless --kaslr-offset is given.
/// </summary>
internal sealed class SymCommand : ICliCommand
{
    private const string Usage = "usage: crashdesk sym [<dump>] <name|address> [--vmlinux F | --profile F | --system-map F] [--kaslr-offset HEX] [--json]";

    public string Name => "sym";

    public string Summary => "resolve a symbol name or address like crash's `sym` (dump: kallsyms or --vmlinux F; no dump: --vmlinux/--profile/--system-map)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count is < 1 or > 2)
        {
            error.WriteLine(Usage);
            return 2;
        }
        bool hasDebug = arguments.Option("--vmlinux") is not null || arguments.Option("--profile") is not null;
        if (arguments.Positionals.Count == 1 && !hasDebug && arguments.Option("--system-map") is null)
        {
            error.WriteLine(Usage);
            return 2;
        }
        string query = arguments.Positionals[^1];
        try
        {
            using var loaded = hasDebug ? DebugInfoLoader.Load(arguments, error) : null;
            SymbolTable symbols;
            if (arguments.Positionals.Count == 2 && arguments.Option("--system-map") is null)
            {
                string dump = arguments.Positionals[0];
                if (!File.Exists(dump))
                {
                    error.WriteLine($"crashdesk sym: {dump}: no such file");
                    return 1;
                }
                using var source = new FileByteSource(dump);
                KernelContext context;
                try
                {
                    context = KernelContextFactory.Create(KernelTarget.Open(source), loaded?.Info);
                }
                catch (KernelMismatchException e)
                {
                    error.WriteLine($"crashdesk sym: {dump}: {e.Message}");
                    return 1;
                }
                return Print(context.Symbols, query, arguments.Has("--json"), context.SymbolOrigin, output, error);
            }
            symbols = loaded?.Info.Symbols ?? SymbolTable.Create(new SystemMapSource(arguments.Option("--system-map")!).ReadSymbols());
            long kaslr = arguments.Option("--kaslr-offset") is { } k ? (long)ParseHex(k) : 0;
            if (arguments.Positionals.Count == 2)
            {
                // System.map with a dump: VMCOREINFO gives the KASLR offset (no identity to check).
                using var source = new FileByteSource(arguments.Positionals[0]);
                kaslr = (long)KernelTarget.Open(source).KernelOffset;
            }
            return Print(symbols.WithKaslrOffset(kaslr), query, arguments.Has("--json"), "symbol file", output, error);
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException or MemoryNotPresentException or IOException or FormatException or OverflowException)
        {
            error.WriteLine($"crashdesk sym: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }

    private static int Print(SymbolTable symbols, string query, bool json, string origin, TextWriter output, TextWriter error)
    {
        if (!SymLookup.TryDescribe(symbols, query, out string line, out var location))
        {
            error.WriteLine($"crashdesk sym: {line}");
            return 1;
        }
        if (json)
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new SymJson(
                location!.Address.ToString("x16", CultureInfo.InvariantCulture),
                location.Symbol.Type.ToString(),
                location.Symbol.Name,
                location.Offset,
                location.Symbol.Module,
                location.SymbolAddress.ToString("x16", CultureInfo.InvariantCulture),
                origin), CliJsonContext.Default.SymJson));
        else
            output.WriteLine(line);
        return 0;
    }

    private static ulong ParseHex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
