namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>What dmidecode printed: the table's structures, or why there is none.</summary>
/// <param name="Sections">The structures, in order.</param>
/// <param name="Failure">When there are none: dmidecode's own last word ("/dev/mem: No such file or directory"); null otherwise.</param>
internal sealed record DmiTable(IReadOnlyList<DmiSection> Sections, string? Failure)
{
    /// <summary>The first structure of <paramref name="type"/>, or null.</summary>
    public DmiSection? First(int type) => Sections.FirstOrDefault(s => s.Type == type);
}
