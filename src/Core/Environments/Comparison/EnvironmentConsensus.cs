namespace Crashdesk.Core.Environments.Comparison;

/// <summary>One case of a group, with its environment.</summary>
public sealed record ConsensusMember(Guid CaseId, string Title, EnvironmentDocument Document);

/// <summary>A value and the cases that have it.</summary>
public sealed record ValueCount(string Value, IReadOnlyList<Guid> CaseIds)
{
    public int Count => CaseIds.Count;
}

/// <summary>A fact every case of the group has with the same value ("4/4 on BIOS 2.3.1").</summary>
public sealed record SharedFact(string Name, string Value);

/// <summary>A fact the cases do not agree on: each value with its cases, and how many cases do not know it.</summary>
public sealed record DifferingFact(string Name, IReadOnlyList<ValueCount> Values, int Unknown);

/// <summary>
/// What the cases of one crash share and where they differ — the first clue: "4/4 on BIOS 2.3.1;
/// 3/4 load module foo 1.2". Packages and sysctls that agree everywhere are counted, not listed.
/// </summary>
public sealed record EnvironmentConsensus(
    int Cases,
    IReadOnlyList<SharedFact> Shared,
    IReadOnlyList<DifferingFact> Differing,
    int SharedPackages,
    int SharedSysctls)
{
    /// <summary>Most differing packages listed (kernel, firmware and drivers first).</summary>
    public const int MaxDifferingPackages = 200;

    public static EnvironmentConsensus Of(IReadOnlyList<ConsensusMember> members)
    {
        var shared = new List<SharedFact>();
        var differing = new List<(int Weight, DifferingFact Fact)>();

        void Facet(string name, int weight, Func<EnvironmentDocument, string?> value)
        {
            var byValue = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
            int unknown = 0;
            foreach (var member in members)
            {
                if (value(member.Document) is { } v)
                    (byValue.TryGetValue(v, out var ids) ? ids : byValue[v] = []).Add(member.CaseId);
                else
                    unknown++;
            }
            if (byValue.Count == 0)
                return;
            if (byValue.Count == 1 && unknown == 0)
                shared.Add(new SharedFact(name, byValue.Keys.First()));
            else
                differing.Add((weight, new DifferingFact(name,
                    [.. byValue.Select(p => new ValueCount(p.Key, p.Value)).OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)],
                    unknown)));
        }

        foreach (var field in EnvironmentFields.All.Where(f => f.Key != "commandLine"))
            Facet(field.Label, field.Weight, d => d.Get(field)?.Value);

        var commandLine = EnvironmentFields.Find("os.commandLine")!;
        var parameters = members.Select(m => m.Document.Get(commandLine)?.Value is { } line ? EnvironmentComparer.BootParameters(line) : null).ToList();
        foreach (var name in parameters.OfType<Dictionary<string, string>>().SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal))
            Facet($"boot parameter {name}", commandLine.Weight, d => d.Get(commandLine)?.Value is { } line
                ? EnvironmentComparer.BootParameters(line).TryGetValue(name, out var v) ? (v.Length == 0 ? "set" : v) : "not set"
                : null);

        foreach (var name in members.SelectMany(m => m.Document.Modules?.Items ?? []).Select(m => m.Name).Distinct().Order(StringComparer.Ordinal))
            Facet($"module {name}", 75, d => d.Modules is null ? null
                : d.Modules.Items.FirstOrDefault(m => m.Name == name) is { } module ? Loaded(module) : "not loaded");

        int sharedPackages = ListFacets(members, d => d.Packages?.Items, p => p.Name, p => p.Version, "not installed",
            name => 65 - PackageRelevance.Of(name) * 10, "package", MaxDifferingPackages, differing);
        int sharedSysctls = ListFacets(members, d => d.Sysctls?.Items, s => s.Name, s => s.Value, "not set",
            _ => 20, "sysctl", MaxDifferingPackages, differing);

        return new EnvironmentConsensus(
            members.Count,
            shared,
            [.. differing.OrderByDescending(d => d.Weight).ThenBy(d => d.Fact.Name, StringComparer.Ordinal).Select(d => d.Fact)],
            sharedPackages,
            sharedSysctls);
    }

    private static string Loaded(ModuleFact module) =>
        EnvironmentComparer.ModuleText(module) is { Length: > 0 } text ? $"loaded {text}" : "loaded";

    /// <summary>Adds a differing fact per list item the cases disagree on (at most <paramref name="max"/>); returns how many agree everywhere.</summary>
    private static int ListFacets<T>(
        IReadOnlyList<ConsensusMember> members, Func<EnvironmentDocument, IReadOnlyList<T>?> list, Func<T, string> name, Func<T, string> value,
        string absent, Func<string, int> weight, string kind, int max, List<(int, DifferingFact)> differing)
    {
        var lists = members.Select(m => list(m.Document) is { } items ? ToDictionary(items, name, value) : null).ToList();
        if (lists.All(l => l is null))
            return 0;
        int same = 0;
        var disagreements = new List<(int Weight, DifferingFact Fact)>();
        foreach (var item in lists.OfType<Dictionary<string, string>>().SelectMany(l => l.Keys).Distinct())
        {
            // Most items agree everywhere (a fleet's packages): check that first, without allocating.
            string? first = null;
            bool agree = true;
            for (int i = 0; i < members.Count && agree; i++)
            {
                var v = lists[i] is not { } known ? null : known.TryGetValue(item, out var found) ? found : absent;
                if (v is null || (first is not null && v != first))
                    agree = false;
                first ??= v;
            }
            if (agree)
            {
                same++;
                continue;
            }
            var byValue = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
            int unknown = 0;
            for (int i = 0; i < members.Count; i++)
            {
                if (lists[i] is not { } known)
                {
                    unknown++;
                    continue;
                }
                var v = known.TryGetValue(item, out var found) ? found : absent;
                (byValue.TryGetValue(v, out var ids) ? ids : byValue[v] = []).Add(members[i].CaseId);
            }
            disagreements.Add((weight(item), new DifferingFact($"{kind} {item}",
                    [.. byValue.Select(p => new ValueCount(p.Key, p.Value)).OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal)], unknown)));
        }
        differing.AddRange(disagreements.OrderByDescending(d => d.Weight).ThenBy(d => d.Fact.Name, StringComparer.Ordinal).Take(max));
        return same;
    }

    private static Dictionary<string, string> ToDictionary<T>(IReadOnlyList<T> items, Func<T, string> name, Func<T, string> value)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
            result[name(item)] = value(item);
        return result;
    }
}
