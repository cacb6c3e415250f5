using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.DataProtection;

/// <summary>
/// The bytes an organisation's objects take: its cases' artifacts not purged, and the vmlinux files
/// uploaded to its debug-kernel library directly (one uploaded to a case is its artifact already).
/// Kernel profiles are left out: the service builds them, no one uploads them.
/// </summary>
internal static class StorageUsage
{
    public static async Task<long> OfAsync(CrashdeskDbContext db, Guid organizationId, CancellationToken cancellationToken)
    {
        long artifacts = await db.Artifacts
            .Where(a => a.PurgedAt == null && db.Cases.Any(c => c.Id == a.CaseId && c.OrganizationId == organizationId))
            .SumAsync(a => (long?)a.Size, cancellationToken) ?? 0;
        long library = await db.DebugKernels
            .Where(d => d.OrganizationId == organizationId && d.ArtifactId == null)
            .SumAsync(d => (long?)d.Size, cancellationToken) ?? 0;
        return artifacts + library;
    }

    public static Task<long?> QuotaOfAsync(CrashdeskDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.DataPolicies.Where(p => p.OrganizationId == organizationId).Select(p => p.QuotaBytes).FirstOrDefaultAsync(cancellationToken);
}
