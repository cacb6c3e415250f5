using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Analyses;

/// <summary>What to analyse: one stored artifact of one case of one organisation.</summary>
/// <param name="OrganizationId">Whose debug-kernel library applies.</param>
/// <param name="CaseId">The case (its attached debug kernels are checked against the dump).</param>
/// <param name="FileName">The name the artifact was uploaded as: every message names it, never the storage key.</param>
/// <param name="Kind">What the uploader said it is.</param>
/// <param name="StorageKey">Where it is in the object store.</param>
public sealed record ArtifactAnalysisRequest(Guid OrganizationId, Guid CaseId, string FileName, ArtifactKind Kind, string StorageKey);
