using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crashdesk.Core.Storage.Staging;

/// <summary>What the S3 store keeps with a session: the multipart upload's id and the parts uploaded so far, in order.</summary>
internal sealed record S3StagingState(
    [property: JsonPropertyName("uploadId")] string UploadId,
    [property: JsonPropertyName("parts")] List<S3Part> Parts)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static S3StagingState Parse(string? json, string key) =>
        (json is null ? null : JsonSerializer.Deserialize<S3StagingState>(json))
        ?? throw new StagingLostException($"{key}: the session has no multipart upload");
}
