namespace Crashdesk.Core.Environments;

/// <summary>
/// How a new reading or edit becomes the next version of an environment.
/// <list type="bullet">
/// <item><see cref="Apply"/> (an import: a dump's analysis, a sosreport, a JSON import): every fact
/// the reading has replaces the current one — except that a machine's reading never replaces what a
/// person set (<see cref="FactSources.IsPersonal"/>); facts the reading lacks are kept.</item>
/// <item><see cref="Replace"/> (an edit: the UI's section form, the API's PUT): the input is the whole
/// new state; unchanged values keep their provenance, changed ones are stamped with the editor's
/// source and time, absent ones are removed.</item>
/// </list>
/// </summary>
public static class EnvironmentMerge
{
    public static EnvironmentDocument Apply(EnvironmentDocument current, EnvironmentDocument reading)
    {
        var hardware = MergeScalars(current.Hardware, reading.Hardware, EnvironmentFields.HardwareFields);
        var os = MergeScalars(current.Os, reading.Os, EnvironmentFields.OsFields);
        var merged = current with
        {
            Hardware = hardware,
            Os = os,
            Sysctls = Pick(current.Sysctls, reading.Sysctls),
            Modules = Pick(current.Modules, reading.Modules),
            Packages = Pick(current.Packages, reading.Packages),
            Applications = Pick(current.Applications, reading.Applications),
            Notes = PickFact(current.Notes, reading.Notes),
        };
        // A source's new gaps replace its old ones; a gap is dropped once the field has a value.
        var sources = reading.Unknown.Select(g => g.Source).Concat(FactsSources(reading)).ToHashSet();
        var gaps = current.Unknown.Where(g => !sources.Contains(g.Source)).Concat(reading.Unknown);
        return merged with { Unknown = [.. gaps.Where(g => !IsKnown(merged, g.Field)).DistinctBy(g => (g.Field, g.Source))] };
    }

    public static EnvironmentDocument Replace(EnvironmentDocument current, EnvironmentInput input, string source, DateTimeOffset at)
    {
        var replaced = new EnvironmentDocument
        {
            Hardware = ReplaceScalars(current.Hardware, input.Hardware, EnvironmentFields.HardwareFields, source, at),
            Os = ReplaceScalars(current.Os, input.Os, EnvironmentFields.OsFields, source, at),
            Sysctls = ReplaceList(current.Sysctls, input.Sysctls, source, at),
            Modules = ReplaceList(current.Modules, input.Modules, source, at),
            Packages = ReplaceList(current.Packages, input.Packages, source, at),
            Applications = ReplaceList(current.Applications, input.Applications, source, at),
            Notes = string.IsNullOrWhiteSpace(input.Notes) ? null
                : current.Notes is { } notes && notes.Value == input.Notes.Trim() ? notes : new Fact(input.Notes.Trim(), source, at),
        };
        return replaced with { Unknown = [.. current.Unknown.Where(g => !IsKnown(replaced, g.Field))] };
    }

    /// <summary>The input that reproduces <paramref name="document"/> (what an edit form starts from).</summary>
    public static EnvironmentInput ToInput(EnvironmentDocument document) => new()
    {
        Hardware = document.Hardware.ToDictionary(p => p.Key, p => p.Value.Value),
        Os = document.Os.ToDictionary(p => p.Key, p => p.Value.Value),
        Sysctls = document.Sysctls?.Items,
        Modules = document.Modules?.Items,
        Packages = document.Packages?.Items,
        Applications = document.Applications?.Items,
        Notes = document.Notes?.Value,
    };

    /// <summary>Problems of <paramref name="input"/>: unknown keys, values that do not suit their field, oversized lists.</summary>
    public static IReadOnlyList<string> Validate(EnvironmentInput input)
    {
        var problems = new List<string>();
        foreach (var (section, values) in new[] { (EnvironmentFields.Hardware, input.Hardware), (EnvironmentFields.Os, input.Os) })
            foreach (var (key, value) in values ?? new Dictionary<string, string>())
            {
                var field = EnvironmentFields.Find($"{section}.{key}");
                if (field is null)
                    problems.Add($"{section}.{key}: not a field of the {section} section (known: {string.Join(", ", EnvironmentFields.Of(section)!.Select(f => f.Key))})");
                else if (value is not null && EnvironmentFields.Check(field, value.Trim()) is { } problem)
                    problems.Add(problem);
            }
        CheckCount("packages", input.Packages?.Count, MaxListItems, problems);
        CheckCount("modules", input.Modules?.Count, MaxListItems, problems);
        CheckCount("sysctls", input.Sysctls?.Count, MaxListItems, problems);
        CheckCount("applications", input.Applications?.Count, MaxListItems, problems);
        if (input.Packages?.FirstOrDefault(p => string.IsNullOrWhiteSpace(p?.Name) || string.IsNullOrWhiteSpace(p.Version)) is { } bad)
            problems.Add($"packages: every package needs a name and a version ({bad?.Name ?? "a package"} has none)");
        if (input.Modules?.Any(m => string.IsNullOrWhiteSpace(m?.Name)) == true)
            problems.Add("modules: every module needs a name");
        if (input.Sysctls?.Any(s => string.IsNullOrWhiteSpace(s?.Name)) == true)
            problems.Add("sysctls: every sysctl needs a name");
        if (input.Applications?.Any(a => string.IsNullOrWhiteSpace(a?.Name)) == true)
            problems.Add("applications: every application needs a name");
        if (input.Notes?.Length > MaxNotesLength)
            problems.Add($"notes: longer than {MaxNotesLength} characters");
        return problems;
    }

    /// <summary>Most items a list section keeps (a large RHEL host has about 3 000 packages; sysctl -a prints about 1 500 lines).</summary>
    public const int MaxListItems = 50_000;

    public const int MaxNotesLength = 100_000;

    internal static IReadOnlyDictionary<string, Fact> Ordered(IReadOnlyDictionary<string, Fact> facts, IReadOnlyList<EnvironmentField> fields)
    {
        var ordered = new Dictionary<string, Fact>();
        foreach (var field in fields)
            if (facts.TryGetValue(field.Key, out var fact))
                ordered[field.Key] = fact;
        return ordered;
    }

    private static void CheckCount(string name, int? count, int max, List<string> problems)
    {
        if (count > max)
            problems.Add($"{name}: {count} items, more than the {max} kept");
    }

    private static IReadOnlyDictionary<string, Fact> MergeScalars(
        IReadOnlyDictionary<string, Fact> current, IReadOnlyDictionary<string, Fact> reading, IReadOnlyList<EnvironmentField> fields)
    {
        var merged = new Dictionary<string, Fact>(current);
        foreach (var (key, fact) in reading)
            merged[key] = PickFact(current.GetValueOrDefault(key), fact)!;
        return Ordered(merged, fields);
    }

    private static IReadOnlyDictionary<string, Fact> ReplaceScalars(
        IReadOnlyDictionary<string, Fact> current, IReadOnlyDictionary<string, string>? input,
        IReadOnlyList<EnvironmentField> fields, string source, DateTimeOffset at)
    {
        var replaced = new Dictionary<string, Fact>();
        foreach (var (key, raw) in input ?? new Dictionary<string, string>())
        {
            var value = raw?.Trim();
            if (string.IsNullOrEmpty(value))
                continue;
            replaced[key] = current.GetValueOrDefault(key) is { } fact && fact.Value == value ? fact : new Fact(value, source, at);
        }
        return Ordered(replaced, fields);
    }

    private static FactList<T>? ReplaceList<T>(FactList<T>? current, IReadOnlyList<T>? input, string source, DateTimeOffset at)
    {
        if (input is null)
            return null;
        return current is not null && current.Items.SequenceEqual(input) ? current : new FactList<T>([.. input], source, at);
    }

    private static FactList<T>? Pick<T>(FactList<T>? current, FactList<T>? reading) =>
        reading is null ? current
        : current is not null && FactSources.IsPersonal(current.Source) && !FactSources.IsPersonal(reading.Source) ? current
        : current is not null && current.Source == reading.Source && current.Items.SequenceEqual(reading.Items) ? current
        : reading;

    private static Fact? PickFact(Fact? current, Fact? reading) =>
        reading is null ? current
        : current is not null && FactSources.IsPersonal(current.Source) && !FactSources.IsPersonal(reading.Source) ? current
        : current is not null && current.Source == reading.Source && current.Value == reading.Value ? current
        : reading;

    private static IEnumerable<string> FactsSources(EnvironmentDocument reading) =>
        reading.Hardware.Values.Concat(reading.Os.Values).Select(f => f.Source)
            .Concat(new[] { reading.Sysctls?.Source, reading.Modules?.Source, reading.Packages?.Source, reading.Applications?.Source, reading.Notes?.Source }.OfType<string>());

    private static bool IsKnown(EnvironmentDocument document, string path) => path switch
    {
        "sysctls" => document.Sysctls is not null,
        "modules" => document.Modules is not null,
        "packages" => document.Packages is not null,
        "applications" => document.Applications is not null,
        "notes" => document.Notes is not null,
        _ => EnvironmentFields.Find(path) is { } field && document.Get(field) is not null,
    };
}
