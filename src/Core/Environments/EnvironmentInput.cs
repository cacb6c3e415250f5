namespace Crashdesk.Core.Environments;

/// <summary>
/// An environment as a person or an API client gives it: plain values, no provenance (the service
/// stamps the source and time). A null member means "not given"; in a replace (PUT) it also means
/// "remove". Hardware and OS keys are those of <see cref="EnvironmentFields"/>.
/// </summary>
public sealed record EnvironmentInput
{
    public IReadOnlyDictionary<string, string>? Hardware { get; init; }
    public IReadOnlyDictionary<string, string>? Os { get; init; }
    public IReadOnlyList<SysctlFact>? Sysctls { get; init; }
    public IReadOnlyList<ModuleFact>? Modules { get; init; }
    public IReadOnlyList<PackageFact>? Packages { get; init; }
    public IReadOnlyList<ApplicationFact>? Applications { get; init; }
    public string? Notes { get; init; }
}
