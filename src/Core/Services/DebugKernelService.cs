using Crashdesk.Core.Paging;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Jobs;
using Crashdesk.Core.Options;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Services;

internal sealed class DebugKernelService(
    CrashdeskDbContext db,
    IJobQueue queue,
    StoredUpload upload,
    IOptions<DebugKernelOptions> options) : IDebugKernelService
{
    public long MaxUploadBytes => options.Value.MaxBytes;

    public async Task<DebugKernelUploadResult> UploadAsync(Caller caller, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        if (!ArtifactFileNames.TryValidate(fileName, out var problem))
            return new DebugKernelUploadResult(UploadStatus.InvalidFileName, problem, null);
        var id = Guid.CreateVersion7();
        var key = BlobKeys.ForDebugKernel(caller.OrganizationId, id);
        // A vmlinux in the library counts against the organisation's quota too (StorageUsage).
        var outcome = await upload.WriteAsync(caller.OrganizationId, key, fileName, content, MaxUploadBytes, cancellationToken);
        if (outcome.Written is not { } written)
            return new DebugKernelUploadResult(outcome.Status, outcome.Problem, null);
        var entry = new DebugKernelEntry
        {
            Id = id,
            OrganizationId = caller.OrganizationId,
            FileName = fileName,
            StorageKey = key,
            Size = written.Size,
            Sha256 = written.Sha256,
            UploadedByUserId = caller.UserId,
        };
        db.DebugKernels.Add(entry);
        await upload.CommitAsync(caller.OrganizationId, key, fileName, written.Size, cancellationToken);
        if (!await queue.EnqueueAsync<BuildKernelProfileWork>(entry.Id, cancellationToken))
            await db.Entry(entry).ReloadAsync(CancellationToken.None);
        return new DebugKernelUploadResult(UploadStatus.Stored, null, Of(entry, null));
    }

    public async Task<IReadOnlyList<DebugKernelView>> ListAsync(Caller caller, int skip, int take, CancellationToken cancellationToken = default) =>
        await ToViewsAsync(Entries(caller).OrderByDescending(d => d.CreatedAt).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)), cancellationToken);

    public async Task<CursorPage<DebugKernelView>> ListAsync(Caller caller, PageRequest request, CancellationToken cancellationToken = default)
    {
        var page = await KeysetPager.PageAsync(Entries(caller), NewestFirst, $"debug-kernels|{caller.OrganizationId}", request, cancellationToken);
        var ids = page.Items.Select(d => d.Id).ToList();
        var views = (await ToViewsAsync(Entries(caller).Where(d => ids.Contains(d.Id)), cancellationToken)).ToDictionary(v => v.Id);
        return new CursorPage<DebugKernelView>([.. ids.Select(id => views[id])], page.NextCursor);
    }

    private static readonly Keyset<DebugKernelEntry> NewestFirst = Keyset<DebugKernelEntry>.By(d => d.CreatedAt, true).ThenBy(d => d.Id, true);

    public async Task<DebugKernelView?> GetAsync(Caller caller, Guid id, CancellationToken cancellationToken = default) =>
        (await ToViewsAsync(Entries(caller).Where(d => d.Id == id), cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<DebugKernelView>> ListForCaseAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default) =>
        await ToViewsAsync(Entries(caller).Where(d => db.Artifacts.Any(a => a.Id == d.ArtifactId && a.CaseId == caseId)).OrderBy(d => d.CreatedAt), cancellationToken);

    private IQueryable<DebugKernelEntry> Entries(Caller caller) =>
        db.DebugKernels.AsNoTracking().Where(d => d.OrganizationId == caller.OrganizationId);

    /// <summary>Each entry with the case of the artifact it came from (null for library uploads).</summary>
    private async Task<List<DebugKernelView>> ToViewsAsync(IQueryable<DebugKernelEntry> entries, CancellationToken cancellationToken)
    {
        var rows = await entries
            .Select(d => new { Entry = d, CaseId = db.Artifacts.Where(a => a.Id == d.ArtifactId).Select(a => (Guid?)a.CaseId).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Of(r.Entry, r.CaseId))];
    }

    private static DebugKernelView Of(DebugKernelEntry d, Guid? caseId) =>
        new(d.Id, d.FileName, d.Status, d.BuildId, d.Release, d.Banner, d.Size, d.Sha256,
            d.ProfileSize, d.Error, caseId, d.ArtifactId, d.CreatedAt, d.ProcessedAt, d.Origin);
}
