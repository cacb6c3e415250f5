namespace Crashdesk.Core.Environments.Comparison;

/// <summary>
/// Compares two environments: left is the reference (the older case, the customer environment),
/// right the one looked at. Linear in the sizes of the lists (dictionaries by name), so two
/// 5 000-package hosts compare in milliseconds.
/// </summary>
public static class EnvironmentComparer
{
    public static EnvironmentComparison Compare(EnvironmentDocument left, EnvironmentDocument right)
    {
        var facts = EnvironmentFields.All
            .Where(f => f.Key != "commandLine")
            .Select(f => (Field: f, Left: left.Get(f)?.Value, Right: right.Get(f)?.Value))
            .Where(x => x.Left != x.Right)
            .OrderByDescending(x => x.Field.Weight)
            .Select(x => new FactDifference(x.Field.Path, x.Field.Label, x.Left, x.Right))
            .ToList();

        var commandLineField = EnvironmentFields.Find("os.commandLine")!;
        var (leftLine, rightLine) = (left.Get(commandLineField)?.Value, right.Get(commandLineField)?.Value);
        IReadOnlyList<ItemDifference>? commandLine = leftLine is null || rightLine is null
            ? null
            : Items(BootParameters(leftLine), BootParameters(rightLine));
        if (commandLine is null && leftLine != rightLine)
            facts.Insert(0, new FactDifference(commandLineField.Path, commandLineField.Label, leftLine, rightLine));

        bool packagesCompared = left.Packages is not null && right.Packages is not null;
        var (packages, same) = packagesCompared ? Packages(left.Packages!.Items, right.Packages!.Items) : ([], 0);
        return new EnvironmentComparison(
            facts,
            commandLine,
            packages,
            Items(ByName(left.Modules?.Items, m => m.Name, LoadedText), ByName(right.Modules?.Items, m => m.Name, LoadedText)),
            Items(ByName(left.Sysctls?.Items, s => s.Name, s => s.Value), ByName(right.Sysctls?.Items, s => s.Name, s => s.Value)),
            Items(ByName(left.Applications?.Items, a => a.Name, a => a.Version ?? ""), ByName(right.Applications?.Items, a => a.Name, a => a.Version ?? "")),
            packagesCompared,
            same);
    }

    /// <summary>A module as a comparison shows it: its version and taints, "" when neither is known.</summary>
    public static string ModuleText(ModuleFact m) =>
        string.Join(" ", new[] { m.Version, string.IsNullOrEmpty(m.Taints) ? null : $"({m.Taints})" }.OfType<string>());

    private static string LoadedText(ModuleFact m) => ModuleText(m) is { Length: > 0 } text ? text : "loaded";

    /// <summary>Boot parameters by name (<c>crashkernel=160M</c> → crashkernel: 160M; a flag like <c>quiet</c> has value ""), the last one winning as the kernel's parser does.</summary>
    public static Dictionary<string, string> BootParameters(string commandLine)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in commandLine.Split(' ', '\t').Where(t => t.Length > 0))
        {
            int eq = token.IndexOf('=');
            parameters[eq < 0 ? token : token[..eq]] = eq < 0 ? "" : token[(eq + 1)..];
        }
        return parameters;
    }

    private static Dictionary<string, string> ByName<T>(IReadOnlyList<T>? items, Func<T, string> name, Func<T, string> value)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
            byName[name(item)] = value(item);
        return byName;
    }

    private static IReadOnlyList<ItemDifference> Items(Dictionary<string, string> left, Dictionary<string, string> right)
    {
        var differences = new List<ItemDifference>();
        foreach (var (name, value) in left)
        {
            if (!right.TryGetValue(name, out var other))
                differences.Add(new ItemDifference(name, value, null));
            else if (other != value)
                differences.Add(new ItemDifference(name, value, other));
        }
        foreach (var (name, value) in right)
            if (!left.ContainsKey(name))
                differences.Add(new ItemDifference(name, null, value));
        differences.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return differences;
    }

    private static (IReadOnlyList<PackageDifference> Differences, int Same) Packages(IReadOnlyList<PackageFact> left, IReadOnlyList<PackageFact> right)
    {
        // Keyed by name and architecture: a multi-arch host has libc6:amd64 and libc6:i386.
        static Dictionary<(string, string?), PackageFact> Index(IReadOnlyList<PackageFact> list)
        {
            var index = new Dictionary<(string, string?), PackageFact>();
            foreach (var p in list)
                index[(p.Name, p.Arch)] = p;
            return index;
        }
        var (l, r) = (Index(left), Index(right));
        var differences = new List<PackageDifference>();
        int same = 0;
        foreach (var (key, package) in l)
        {
            if (!r.TryGetValue(key, out var other))
                differences.Add(new PackageDifference(package.Name, package.Arch, package.Version, null, PackageRelevance.Of(package.Name)));
            else if (other.Version != package.Version)
                differences.Add(new PackageDifference(package.Name, package.Arch, package.Version, other.Version, PackageRelevance.Of(package.Name)));
            else
                same++;
        }
        foreach (var (key, package) in r)
            if (!l.ContainsKey(key))
                differences.Add(new PackageDifference(package.Name, package.Arch, null, package.Version, PackageRelevance.Of(package.Name)));
        differences.Sort((a, b) => a.Relevance != b.Relevance ? a.Relevance.CompareTo(b.Relevance) : string.CompareOrdinal(a.Name, b.Name));
        return (differences, same);
    }
}
