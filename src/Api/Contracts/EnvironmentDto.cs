using Crashdesk.Core.Environments;

namespace Crashdesk.Api.Contracts;

/// <summary>
/// An environment at one version. <c>environment</c> is the document itself: <c>hardware</c> and
/// <c>os</c> map field keys to facts (<c>{ value, source, at }</c>; numbers are decimal strings),
/// <c>sysctls</c>/<c>modules</c>/<c>packages</c>/<c>applications</c> are lists with one source and
/// time each, <c>notes</c> a fact, <c>unknown</c> what a source could not read and why.
/// <c>version</c> is null when nothing was recorded yet.
/// </summary>
public sealed record EnvironmentDto(
    Guid? CaseId,
    CustomerEnvironmentDto? LinkedEnvironment,
    EnvironmentVersionDto? Version,
    int LatestVersion,
    EnvironmentDocument Environment);

/// <summary>One version of an environment: what made it (source, summary, author) and when.</summary>
public sealed record EnvironmentVersionDto(int Version, string Source, string Summary, string? AuthorName, DateTimeOffset CreatedAt, int PackageCount);

/// <summary>A named customer environment ("ACME production DB cluster") that cases link to.</summary>
public sealed record CustomerEnvironmentDto(
    Guid Id, string Name, string? Description, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int LatestVersion, int CaseCount);

/// <summary>POST /api/v1/environments: a new customer environment.</summary>
public sealed record CreateEnvironmentRequest(string Name, string? Description);

/// <summary>POST /api/v1/cases/{id}/environment/link: the customer environment the case belongs to (null: none).</summary>
public sealed record LinkEnvironmentRequest(Guid? EnvironmentId);

/// <summary>POST /api/v1/environments/{id}/snapshots: takes the case's newest environment as the environment's next version.</summary>
public sealed record SnapshotFromCaseRequest(Guid CaseId);

/// <summary>The import of an uploaded sosreport into its case's environment.</summary>
public sealed record EnvironmentImportDto(
    Guid Id, Guid ArtifactId, string FileName, string Status, int Progress, string? ProgressMessage, string? Error,
    int? SnapshotVersion, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <summary>A case as the environment views list it.</summary>
public sealed record EnvironmentCaseDto(Guid Id, string Title, string Customer, string? KernelRelease, bool HasEnvironment);

/// <summary>
/// Two environments side by side: <c>left</c> is the reference, <c>right</c> the one looked at;
/// <c>comparison</c> lists differing facts (by weight), boot parameters, packages (kernel, firmware,
/// drivers first), modules, sysctls and applications.
/// </summary>
public sealed record EnvironmentComparisonDto(EnvironmentSideDto Left, EnvironmentSideDto Right, Core.Environments.Comparison.EnvironmentComparison Comparison);

/// <summary>One side of a comparison: <c>reference</c> is <c>case:{id}[@version]</c> or <c>environment:{id}[@version]</c>.</summary>
public sealed record EnvironmentSideDto(string Reference, string Title, int? Version);

/// <summary>The cases of one crash (one signature) and what their environments share and where they differ.</summary>
public sealed record SharedEnvironmentDto(string? Signature, IReadOnlyList<EnvironmentCaseDto> Cases, Core.Environments.Comparison.EnvironmentConsensus Consensus);
