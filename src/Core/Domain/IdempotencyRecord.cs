namespace Crashdesk.Core.Domain;

/// <summary>
/// One Idempotency-Key of an organisation: claimed by the first request that sends it, then the response
/// it got (status, the headers a client acts on, the body), replayed to every retry while the key lives.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid OrganizationId { get; set; }
    public required string Key { get; set; }
    /// <summary>Method, path and a hash of the body: the same key sent with another request is refused.</summary>
    public required string Fingerprint { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Null while the first request still runs.</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? Etag { get; set; }
    public byte[]? Body { get; set; }
}
