namespace Crashdesk.Core.Domain;

/// <summary>
/// Where an organisation wants its events POSTed: <see cref="Events"/> it subscribes to (empty: all),
/// the signing secret (Standard Webhooks' <c>whsec_</c> form; kept to sign, so it cannot be a hash),
/// and for a while after a rotation the previous one, which signs too. <see cref="FailingSince"/> is
/// the first failure since the last success; an endpoint failing for <c>Webhooks:DisableAfter</c>
/// is disabled with <see cref="DisabledReason"/> for its admins to read.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public required string Url { get; set; }
    public string Description { get; set; } = "";
    public List<string> Events { get; set; } = [];
    public required string Secret { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretUntil { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? LastSuccessAt { get; set; }
    public Guid? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public const int UrlMax = 2000;
    public const int DescriptionMax = 300;
    /// <summary>A sealed secret (SecretSealer) is longer than the plain one: prefix, key id, nonce and tag.</summary>
    public const int SecretMax = 300;
    public const int ReasonMax = 500;
}
