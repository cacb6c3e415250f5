using Crashdesk.Core.Data;
using Crashdesk.Core.Storage.Encryption;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Webhooks;

/// <summary>
/// Where an endpoint's signing secrets are sealed (<see cref="SecretSealer"/>): bound to the endpoint's id, so a
/// sealed secret copied onto another endpoint's row does not open there. <see cref="ResealAsync"/> seals plain
/// secrets (written before master keys were configured) and those sealed with a retired key, so a rotated key
/// can be removed once the rewrap ran.
/// </summary>
public static class WebhookSecrets
{
    public static string Context(Guid endpointId) => $"webhook-endpoint:{endpointId:N}";

    /// <summary>How an error names the secret: by the endpoint's URL, which its admins know (never by an internal id).</summary>
    public static string Name(string url) => $"the signing secret of the webhook endpoint {url}";

    public static async Task<int> ResealAsync(CrashdeskDbContext db, SecretSealer sealer, CancellationToken cancellationToken)
    {
        if (!sealer.IsSealing)
            return 0;
        int count = 0;
        // An organisation has at most a few endpoints: all of them fit in memory.
        foreach (var endpoint in await db.WebhookEndpoints.ToListAsync(cancellationToken))
        {
            string context = Context(endpoint.Id), name = Name(endpoint.Url);
            if (sealer.NeedsReseal(endpoint.Secret))
            {
                endpoint.Secret = sealer.Seal(sealer.Open(endpoint.Secret, context, name), context);
                count++;
            }
            if (endpoint.PreviousSecret is { } previous && sealer.NeedsReseal(previous))
            {
                endpoint.PreviousSecret = sealer.Seal(sealer.Open(previous, context, name), context);
                count++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return count;
    }
}
