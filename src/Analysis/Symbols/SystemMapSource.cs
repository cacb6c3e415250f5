using System.Globalization;

namespace Crashdesk.Analysis.Symbols;

/// <summary>
/// Symbols from a `System.map` (nm output: `ffffffff81000000 T _text` per line), a symbols-only
/// source when no debug kernel is at hand. Sizes are unknown (0).
/// </summary>
public sealed class SystemMapSource(string path) : ISymbolSource
{
    /// <inheritdoc />
    public string Description => $"System.map {path}";

    /// <inheritdoc />
    public IReadOnlyList<KernelSymbol> ReadSymbols()
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses System.map text; a malformed line is a <see cref="DumpFormatException"/> naming its number.</summary>
    public static IReadOnlyList<KernelSymbol> Parse(TextReader reader, string what)
    {
        var result = new List<KernelSymbol>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var parts = line.Split(' ', 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3 || parts[1].Length != 1 || !ulong.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong address))
                throw new DumpFormatException($"{what}: line {lineNumber} is not `<hex address> <type> <name>`: \"{(line.Length > 80 ? line[..80] : line)}\"");
            if (result.Count >= AnalysisLimits.Default.MaxSymbols)
                throw new DumpFormatException($"{what}: more than {AnalysisLimits.Default.MaxSymbols} symbols");
            string? module = parts.Length == 4 && parts[3].StartsWith('[') ? parts[3].Trim('[', ']', '\t', ' ') : null;
            result.Add(new KernelSymbol(parts[2], address, 0, parts[1][0], module));
        }
        return result;
    }
}
