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
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.Ordinal);

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
                    Set(a[..eq], a[(eq + 1)..]);
                else if (optionsWithValue.Contains(a) && i + 1 < args.Count)
                    Set(a, args[++i]);
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

    /// <summary>The option's value (the last one when given several times), or null.</summary>
    public string? Option(string name) => _options.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every value of an option given several times (`-c LINE -c LINE`), in order.</summary>
    public IReadOnlyList<string> Options(string name) => _repeated.TryGetValue(name, out var values) ? values : [];

    private void Set(string name, string value)
    {
        _options[name] = value;
        if (!_repeated.TryGetValue(name, out var values))
            _repeated[name] = values = [];
        values.Add(value);
    }

    private static bool IsNumber(string a) => a.Length > 1 && char.IsAsciiDigit(a[1]);
}
