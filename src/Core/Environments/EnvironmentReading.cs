namespace Crashdesk.Core.Environments;

/// <summary>
/// Collects what one source read (a dump, a sosreport) into an <see cref="EnvironmentDocument"/>
/// whose every fact carries that source and time. Values are trimmed; an empty value is no value;
/// a value the field refuses (<see cref="EnvironmentFields.Check"/>) becomes a gap with the reason.
/// </summary>
public sealed class EnvironmentReading(string source, DateTimeOffset at)
{
    private readonly Dictionary<string, Fact> hardware = [];
    private readonly Dictionary<string, Fact> os = [];
    private readonly List<FactGap> gaps = [];
    private FactList<SysctlFact>? sysctls;
    private FactList<ModuleFact>? modules;
    private FactList<PackageFact>? packages;
    private FactList<ApplicationFact>? applications;
    private Fact? notes;

    public string Source => source;

    public DateTimeOffset At => at;

    /// <summary>Sets the fact at <paramref name="path"/> (<c>hardware.cpuModel</c>) unless it is set already (the first, most direct reading wins).</summary>
    public EnvironmentReading Set(string path, string? value)
    {
        var field = EnvironmentFields.Find(path) ?? throw new ArgumentException($"unknown environment field {path}", nameof(path));
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
            return this;
        if (EnvironmentFields.Check(field, value) is { } problem)
            return Gap(path, problem);
        var target = field.Section == EnvironmentFields.Hardware ? hardware : os;
        target.TryAdd(field.Key, new Fact(value, source, at));
        return this;
    }

    public EnvironmentReading Set(string path, long? value) =>
        value is { } number ? Set(path, number.ToString(System.Globalization.CultureInfo.InvariantCulture)) : this;

    /// <summary>Records that <paramref name="path"/> could not be read, and why.</summary>
    public EnvironmentReading Gap(string path, string why)
    {
        if (!gaps.Any(g => g.Field == path))
            gaps.Add(new FactGap(path, source, why));
        return this;
    }

    public bool Has(string path) => EnvironmentFields.Find(path) is { } field
        && (field.Section == EnvironmentFields.Hardware ? hardware : os).ContainsKey(field.Key);

    public EnvironmentReading SetSysctls(IReadOnlyList<SysctlFact> items) { sysctls = new(items, source, at); return this; }

    public EnvironmentReading SetModules(IReadOnlyList<ModuleFact> items) { modules = new(items, source, at); return this; }

    public EnvironmentReading SetPackages(IReadOnlyList<PackageFact> items) { packages = new(items, source, at); return this; }

    public EnvironmentReading SetApplications(IReadOnlyList<ApplicationFact> items) { applications = new(items, source, at); return this; }

    public EnvironmentReading SetNotes(string? text)
    {
        if (!string.IsNullOrWhiteSpace(text))
            notes = new Fact(text.Trim(), source, at);
        return this;
    }

    /// <summary>The document; gaps of fields that got a value after all are dropped.</summary>
    public EnvironmentDocument Build() => new()
    {
        Hardware = EnvironmentMerge.Ordered(hardware, EnvironmentFields.HardwareFields),
        Os = EnvironmentMerge.Ordered(os, EnvironmentFields.OsFields),
        Sysctls = sysctls,
        Modules = modules,
        Packages = packages,
        Applications = applications,
        Notes = notes,
        Unknown = [.. gaps.Where(g => !Has(g.Field) && !ListSet(g.Field))],
    };

    private bool ListSet(string path) => path switch
    {
        "sysctls" => sysctls is not null,
        "modules" => modules is not null,
        "packages" => packages is not null,
        "applications" => applications is not null,
        _ => false,
    };
}
