namespace Crashdesk.Api.Contracts;

/// <summary>
/// A debug kernel of the organisation's library. status: pending (its profile is being built),
/// ready (used for every dump with its build-id), failed (error says why: not a vmlinux, no DWARF,
/// no build-id…) or duplicate (the build-id is already in the library; error names that entry).
/// caseId/artifactId are set when it was uploaded to a case.
/// </summary>
public sealed record DebugKernelDto(
    Guid Id,
    string FileName,
    string Status,
    string? BuildId,
    string? Release,
    string? Banner,
    long Size,
    string Sha256,
    long? ProfileSize,
    string? Error,
    Guid? CaseId,
    Guid? ArtifactId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ProcessedAt,
    string Origin);
