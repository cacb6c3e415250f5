namespace Crashdesk.Cli;

/// <summary>
/// Minimal argument model: positionals, boolean flags (`--json`, `-a`) and options with a value
/// (`--vmlinux F`). Hand-rolled rather than System.CommandLine to keep start-up cost low
/// (the `log` command's whole-process time is a benchmarked goal).
/// </summary>
internal sealed class CliArguments
{
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    public CliArguments(IReadOnlyList<string> args, IReadOnlySet<string> optionsWithValue)
    {
        var positionals = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.StartsWith('-') && a.Length > 1 && !IsNumber(a))
            {
                int eq = a.IndexOf('=');
                if (eq > 0)
                    _options[a[..eq]] = a[(eq + 1)..];
                else if (optionsWithValue.Contains(a) && i + 1 < args.Count)
                    _options[a] = args[++i];
                else
                    _flags.Add(a);
            }
            else
            {
                positionals.Add(a);
            }
        }
        Positionals = positionals;
    }

    public IReadOnlyList<string> Positionals { get; }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v : null;

    private static bool IsNumber(string a) => a.Length > 1 && char.IsAsciiDigit(a[1]);
}
