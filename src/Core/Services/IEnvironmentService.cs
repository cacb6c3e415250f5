using Crashdesk.Core.Environments;

namespace Crashdesk.Core.Services;

/// <summary>
/// The environments of the caller's organisation: each case's versioned environment, named
/// customer environments, comparisons and what the cases of one crash share. Something of
/// another organisation is "not found" (null), never "forbidden". Every edit and import is a new
/// version and a timeline row on the case.
/// </summary>
public interface IEnvironmentService
{
    /// <summary>The case's environment, newest or at <paramref name="version"/>; null: no such case or version.</summary>
    Task<EnvironmentView?> GetCaseAsync(Caller caller, Guid caseId, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The case's versions, newest first; null: no such case.</summary>
    Task<IReadOnlyList<EnvironmentVersionView>?> CaseVersionsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>The case's sosreport imports, newest first; null: no such case.</summary>
    Task<IReadOnlyList<EnvironmentImportView>?> CaseImportsAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the case's environment with <paramref name="input"/> (a PUT, or the UI's section
    /// form with the other sections as they were): unchanged facts keep their provenance. Throws
    /// <see cref="ValidationException"/> on bad input and <see cref="EnvironmentConflictException"/>
    /// when <paramref name="expectedVersion"/> is given and not the newest. Null: no such case.
    /// </summary>
    Task<EnvironmentView?> ReplaceCaseAsync(Caller caller, Guid caseId, EnvironmentInput input, string source, string summary,
        int? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="input"/> into the case's environment as an import of source <c>api</c> (only the given facts change). Null: no such case.</summary>
    Task<EnvironmentView?> ImportCaseAsync(Caller caller, Guid caseId, EnvironmentInput input, CancellationToken cancellationToken = default);

    /// <summary>The organisation's customer environments, by name.</summary>
    Task<IReadOnlyList<CustomerEnvironmentView>> ListEnvironmentsAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Creates a customer environment; throws <see cref="ValidationException"/> on an empty or taken name.</summary>
    Task<CustomerEnvironmentView> CreateEnvironmentAsync(Caller caller, string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>A customer environment, newest or at a version; null: none.</summary>
    Task<EnvironmentView?> GetEnvironmentAsync(Caller caller, Guid environmentId, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>The cases linked to a customer environment; null: no such environment.</summary>
    Task<IReadOnlyList<EnvironmentCaseView>?> EnvironmentCasesAsync(Caller caller, Guid environmentId, CancellationToken cancellationToken = default);

    /// <summary>Replaces a customer environment's content (a new version). Null: none.</summary>
    Task<EnvironmentView?> ReplaceEnvironmentAsync(Caller caller, Guid environmentId, EnvironmentInput input, string source, string summary,
        int? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Links the case to a customer environment (null: unlinks). False: no such case or environment.</summary>
    Task<bool> LinkCaseAsync(Caller caller, Guid caseId, Guid? environmentId, CancellationToken cancellationToken = default);

    /// <summary>Takes the case's newest environment as the customer environment's next version. Null: no such case, environment, or nothing recorded on the case.</summary>
    Task<EnvironmentView?> SnapshotFromCaseAsync(Caller caller, Guid environmentId, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Compares two environments (left: the reference). Null: either is not found.</summary>
    Task<EnvironmentComparisonView?> CompareAsync(Caller caller, EnvironmentRef left, EnvironmentRef right, CancellationToken cancellationToken = default);

    /// <summary>What the cases with this case's crash signature share (the newest <see cref="MaxGroupCases"/>). Null: no such case.</summary>
    Task<SharedEnvironmentView?> SharedWithCrashAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>What the given cases share (a selection from the case list). Cases not found are left out.</summary>
    Task<SharedEnvironmentView> SharedAmongAsync(Caller caller, IReadOnlyList<Guid> caseIds, CancellationToken cancellationToken = default);

    /// <summary>Cases a shared-environment view reads (the newest): 50 hosts of 5 000 packages each take about 0.7 s (EnvironmentComparisonBenchmarks).</summary>
    public const int MaxGroupCases = 50;
}
