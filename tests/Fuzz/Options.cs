using Crashdesk.Fuzz.Runner;

namespace Crashdesk.Fuzz;

/// <summary>The command line's options (see <see cref="Program"/>).</summary>
public sealed class Options
{
    public int Seed { get; private set; }
    public string Findings { get; private set; } = Path.Combine("TestResults", "fuzz-findings");
    public int Jobs { get; private set; } = Math.Clamp(Environment.ProcessorCount, 1, 2);
    public double? HangSeconds { get; private set; }
    public long MemoryCapMb { get; private set; } = 2048;
    public int? MaxFlood { get; private set; }
    public string? Fixtures { get; private set; }
    public string? Target { get; private set; }
    public IReadOnlyList<string>? Targets { get; private set; }
    public long From { get; private set; }
    public long To { get; private set; }
    public long Count { get; private set; } = 1000;
    public long Index { get; private set; }
    public double Scale { get; private set; } = 1;
    public string Kind { get; private set; } = "crash";
    public string What { get; private set; } = "";
    public List<string> Rest { get; } = [];

    public RunSettings Settings(TimeSpan defaultHang, int defaultFlood) =>
        new(Seed, Path.GetFullPath(Findings), Jobs, HangSeconds is { } h ? TimeSpan.FromSeconds(h) : defaultHang, MemoryCapMb << 20, MaxFlood ?? defaultFlood, Fixtures);

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seed": o.Seed = int.Parse(Value()); break;
                case "--findings": o.Findings = Value(); break;
                case "--jobs": o.Jobs = int.Parse(Value()); break;
                case "--hang-seconds": o.HangSeconds = double.Parse(Value()); break;
                case "--memory-cap-mb": o.MemoryCapMb = long.Parse(Value()); break;
                case "--max-flood": o.MaxFlood = int.Parse(Value()); break;
                case "--fixtures": o.Fixtures = Value(); break;
                case "--target": o.Target = Value(); break;
                case "--targets": o.Targets = Value().Split(',', StringSplitOptions.RemoveEmptyEntries); break;
                case "--from": o.From = long.Parse(Value()); break;
                case "--to": o.To = long.Parse(Value()); break;
                case "--count": o.Count = long.Parse(Value()); break;
                case "--index": o.Index = long.Parse(Value()); break;
                case "--scale": o.Scale = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--kind": o.Kind = Value(); break;
                case "--what": o.What = Value(); break;
                default: o.Rest.Add(args[i]); break;
            }
        }
        return o;
    }
}
