using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crashdesk.Cli.Upload;

/// <summary>GET …/uploads/{session}: what the client reads after the last byte (the artifact and its analysis).</summary>
internal sealed record UploadSessionJson(string Status, long Offset, long Length, string? Error, Guid? ArtifactId, Guid? AnalysisId);

/// <summary>The server's ProblemDetails (RFC 9457) with its machine code.</summary>
internal sealed record ProblemJson(string? Title, string? Detail, string? Code);

/// <summary>Source-generated (NativeAOT: no reflection).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UploadSessionJson))]
[JsonSerializable(typeof(ProblemJson))]
internal sealed partial class TusJsonContext : JsonSerializerContext;

/// <summary>The server refused a request for good (not a network error): status, code and the detail to show.</summary>
internal sealed class TusRefusedException(int status, string? code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string? Code { get; } = code;
}

/// <summary>409: the server's offset is not the one sent (a duplicate or stale PATCH); it says its own.</summary>
internal sealed class TusOffsetConflictException(long serverOffset) : Exception($"the server holds {serverOffset} bytes")
{
    public long ServerOffset { get; } = serverOffset;
}
