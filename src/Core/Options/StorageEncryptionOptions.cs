using System.ComponentModel.DataAnnotations;

namespace Crashdesk.Core.Options;

/// <summary>
/// Section "Storage:Encryption": encryption at rest. The local store seals every new object in an
/// AES-256-GCM envelope whose data key is wrapped by a master key from <see cref="Keys"/> (id →
/// base64 of 32 random bytes, e.g. <c>openssl rand -base64 32</c>); the S3 store asks the server
/// for its own encryption (<see cref="S3ServerSide"/>). The same master keys seal the webhook
/// endpoints' signing secrets in the database (SecretSealer), whichever store is used.
/// </summary>
public sealed class StorageEncryptionOptions
{
    public const string Section = "Storage:Encryption";

    /// <summary>Master keys by id (1–32 of a–z, 0–9, '-', '_'). Empty: the local store writes plain files.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>The key that wraps new objects' data keys (and rewraps old ones); may be left out when there is one key.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Plaintext bytes per sealed chunk: a positional read decrypts only the chunks it touches.</summary>
    [Range(4096, 4 * 1024 * 1024)]
    public int ChunkBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// When the rewrap job runs (cron, UTC): it rewraps data keys not wrapped by the active key. It
    /// also runs at once when a job-executing process starts with more than one key configured.
    /// </summary>
    [Required]
    public string RewrapSchedule { get; set; } = "47 3 * * *";

    /// <summary>"" (none) or "SSE-S3": every S3 PUT asks for server-side encryption with the server's keys (x-amz-server-side-encryption: AES256).</summary>
    [RegularExpression("^(|SSE-S3)$")]
    public string S3ServerSide { get; set; } = "";
}
