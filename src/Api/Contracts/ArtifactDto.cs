namespace Crashdesk.Api.Contracts;

/// <summary>An uploaded file: kind is vmcore, debug-kernel, console-log or other; sha256 is lower-case hex.</summary>
public sealed record ArtifactDto(Guid Id, string FileName, string Kind, long Size, string Sha256, DateTimeOffset UploadedAt);
