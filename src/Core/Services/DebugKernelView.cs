using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>A debug-kernel library entry; origin is "upload" or the debuginfod URL it was fetched from.</summary>
public sealed record DebugKernelView(
    Guid Id,
    string FileName,
    DebugKernelStatus Status,
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
