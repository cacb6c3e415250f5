namespace Crashdesk.Core.Services;

/// <summary>An artifact as shown to users. <see cref="Kind"/> is the wire name (vmcore, debug-kernel, ...).</summary>
public sealed record ArtifactView(Guid Id, string FileName, string Kind, long Size, string Sha256, DateTimeOffset UploadedAt);
