using Crashdesk.Core.Storage;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace Crashdesk.Core.Jobs;

/// <summary>
/// Key rotation of the sealed local store (<see cref="LocalBlobStore.RewrapAsync"/>): rewraps every
/// data key not wrapped by the active master key. Idempotent; a recurring job of the maintenance queue.
/// </summary>
public sealed class RewrapKeysJob(IBlobStore store, ILogger<RewrapKeysJob> logger)
{
    public const string RecurringId = "storage-rewrap";

    [JobDisplayName("rewrap data keys")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (store is not LocalBlobStore { IsSealing: true } local)
            return;
        int count = await local.RewrapAsync(cancellationToken);
        if (count > 0)
            logger.LogInformation("Storage: {Count} object(s) rewrapped with the active master key", count);
    }
}
