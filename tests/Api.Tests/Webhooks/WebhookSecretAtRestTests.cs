using System.Net;
using System.Security.Cryptography;
using Crashdesk.Api.Tests.Support;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage.Encryption;
using Crashdesk.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crashdesk.Api.Tests.Webhooks;

/// <summary>
/// With master keys configured, an endpoint's signing secret is sealed in the database: the row does not hold it,
/// deliveries are still signed with it, a sealed secret copied onto another endpoint does not open, and a key
/// rotation's rewrap seals it again under the new key.
/// </summary>
public sealed class WebhookSecretAtRestTests
{
    private static readonly string FirstKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task The_signing_secret_is_sealed_at_rest_and_deliveries_are_still_signed_with_it()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        await using var factory = await ApiFactory.CreateAsync(worker: true,
            extraSettings: WebhookApi.Settings(("Storage:Encryption:Keys:k1", FirstKey)));
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (endpointId, secret) = await WebhookApi.CreateAsync(api, receiver.Url, WebhookEventTypes.CaseCreated);
        var (otherId, _) = await WebhookApi.CreateAsync(api, receiver.Url + "other", WebhookEventTypes.CaseCreated);

        string stored;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            stored = await db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.Secret).SingleAsync();
        }
        Assert.StartsWith("sealed:v1:k1:", stored);
        Assert.DoesNotContain(secret, stored);
        Assert.DoesNotContain(secret["whsec_".Length..], stored);

        using (var ping = await api.PostAsync($"/api/v1/webhooks/{endpointId}/ping", null))
            Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var received = await receiver.NextAsync("webhook.ping", TimeSpan.FromSeconds(30));
        Assert.Equal(WebhookVerification.Valid,
            WebhookSignature.Verify(secret, received.Id, received.Timestamp, received.Signature, received.Body, DateTimeOffset.UtcNow));

        var sealer = factory.Services.GetRequiredService<SecretSealer>();
        Assert.Equal(secret, sealer.Open(stored, WebhookSecrets.Context(endpointId), "the secret"));
        // Bound to its row: the same sealed value read as the other endpoint's does not open.
        var copied = Assert.Throws<CryptographicException>(() => sealer.Open(stored, WebhookSecrets.Context(otherId), "the copied secret"));
        Assert.Contains("the copied secret does not open with key 'k1'", copied.Message);

        // A rotation: k2 becomes active beside k1; the rewrap seals both endpoints' secrets again under k2.
        var rotated = new SecretSealer(EnvelopeKeyring.From(new StorageEncryptionOptions
        {
            Keys = new() { ["k1"] = FirstKey, ["k2"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            ActiveKeyId = "k2",
        }));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            Assert.Equal(2, await WebhookSecrets.ResealAsync(db, rotated, CancellationToken.None));
            Assert.Equal(0, await WebhookSecrets.ResealAsync(db, rotated, CancellationToken.None));
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
            string resealed = await db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.Secret).SingleAsync();
            Assert.StartsWith("sealed:v1:k2:", resealed);
            Assert.Equal(secret, rotated.Open(resealed, WebhookSecrets.Context(endpointId), "the secret"));
        }
    }

    [Fact]
    public async Task Without_master_keys_a_plain_secret_is_read_and_the_first_rewrap_with_keys_seals_it()
    {
        await using var factory = await ApiFactory.CreateAsync(extraSettings: new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "true" });
        var (_, key) = await factory.CreateTenantAsync(role: OrganizationRole.Admin);
        using var api = factory.ClientWithKey(key);
        var (endpointId, secret) = await WebhookApi.CreateAsync(api, "http://127.0.0.1:9/hook", WebhookEventTypes.CaseCreated);
        var keyed = new SecretSealer(EnvelopeKeyring.From(new StorageEncryptionOptions { Keys = new() { ["k1"] = FirstKey } }));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrashdeskDbContext>();
        Assert.Equal(secret, await db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.Secret).SingleAsync());
        Assert.Equal(1, await WebhookSecrets.ResealAsync(db, keyed, CancellationToken.None));
        string sealedSecret = await db.WebhookEndpoints.AsNoTracking().Where(e => e.Id == endpointId).Select(e => e.Secret).SingleAsync();
        Assert.StartsWith("sealed:v1:k1:", sealedSecret);
        Assert.Equal(secret, keyed.Open(sealedSecret, WebhookSecrets.Context(endpointId), "the secret"));
    }
}
