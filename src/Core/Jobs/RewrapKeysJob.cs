using Crashdesk.Core.Data;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Encryption;
using Crashdesk.Core.Webhooks;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Key rotation: rewraps every data key of the sealed local store not wrapped by the active master key
/// (<see cref="LocalBlobStore.RewrapAsync"/>), and seals again the webhook signing secrets not sealed with
/// it (<see cref="WebhookSecrets.ResealAsync"/>). Idempotent; a recurring job of the maintenance queue.
/// </summary>
public sealed class RewrapKeysJob(IBlobStore store, CrashdeskDbContext db, SecretSealer sealer, ILogger<RewrapKeysJob> logger)
{
    public const string RecurringId = "storage-rewrap";

    [JobDisplayName("rewrap data keys")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int secrets = await WebhookSecrets.ResealAsync(db, sealer, cancellationToken);
        if (secrets > 0)
            logger.LogInformation("Webhooks: {Count} signing secret(s) sealed with the active master key", secrets);
        if (store is not LocalBlobStore { IsSealing: true } local)
            return;
        int count = await local.RewrapAsync(cancellationToken);
        if (count > 0)
            logger.LogInformation("Storage: {Count} object(s) rewrapped with the active master key", count);
    }
}
