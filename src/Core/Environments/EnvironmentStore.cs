using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Environments;

/// <summary>
/// The versions of environments in <c>environment_snapshots</c>: reads the newest or one version,
/// and appends the next one with the owner's row locked (so two imports at once get versions n+1
/// and n+2, never two n+1), only when the content changed. A case's new version is a timeline row.
/// </summary>
public sealed class EnvironmentStore(CrashdeskDbContext db)
{
    public async Task<EnvironmentSnapshot?> LatestAsync(EnvironmentOwner owner, CancellationToken cancellationToken) =>
        await Rows(owner).OrderByDescending(s => s.Version).FirstOrDefaultAsync(cancellationToken);

    public async Task<EnvironmentSnapshot?> VersionAsync(EnvironmentOwner owner, int version, CancellationToken cancellationToken) =>
        await Rows(owner).FirstOrDefaultAsync(s => s.Version == version, cancellationToken);

    public async Task<IReadOnlyList<EnvironmentVersionView>> VersionsAsync(EnvironmentOwner owner, CancellationToken cancellationToken)
    {
        var rows = await Rows(owner).OrderByDescending(s => s.Version)
            .Select(s => new { s.Version, s.Source, s.Summary, s.AuthorUserId, s.CreatedAt, s.PackageCount })
            .ToListAsync(cancellationToken);
        var authors = await AuthorNamesAsync(rows.Select(r => r.AuthorUserId), cancellationToken);
        return [.. rows.Select(r => new EnvironmentVersionView(r.Version, r.Source, r.Summary,
            r.AuthorUserId is { } id ? authors.GetValueOrDefault(id) : null, r.CreatedAt, r.PackageCount))];
    }

    public async Task<EnvironmentVersionView> ViewAsync(EnvironmentSnapshot row, CancellationToken cancellationToken)
    {
        string? author = row.AuthorUserId is { } id
            ? await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new EnvironmentVersionView(row.Version, row.Source, row.Summary, author, row.CreatedAt, row.PackageCount);
    }

    /// <summary>
    /// Appends <paramref name="next"/>(newest document, newest version) as the next version, unless
    /// it equals the newest. Returns the new row, or null when nothing changed.
    /// </summary>
    public async Task<EnvironmentSnapshot?> AppendAsync(
        EnvironmentOwner owner, Func<EnvironmentDocument, int, EnvironmentDocument> next, string source, string summary,
        Guid? authorUserId, string actorName, CancellationToken cancellationToken)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            if (owner.CaseId is { } caseId)
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM cases WHERE id = {caseId} FOR UPDATE", cancellationToken);
            else
                await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM environments WHERE id = {owner.EnvironmentId} FOR UPDATE", cancellationToken);
            var latest = await LatestAsync(owner, cancellationToken);
            var current = latest is null ? EnvironmentDocument.Empty : EnvironmentJson.Deserialize(latest.Content);
            var document = next(current, latest?.Version ?? 0);
            var content = EnvironmentJson.Serialize(document);
            if (latest is not null ? content == EnvironmentJson.Serialize(current) : document.IsEmpty)
                return null;
            var row = new EnvironmentSnapshot
            {
                CaseId = owner.CaseId,
                EnvironmentId = owner.EnvironmentId,
                Version = (latest?.Version ?? 0) + 1,
                Source = source,
                Summary = summary.Length <= EnvironmentSnapshot.SummaryMax ? summary : summary[..EnvironmentSnapshot.SummaryMax],
                AuthorUserId = authorUserId,
                Content = content,
                PackageCount = document.Packages?.Items.Count ?? 0,
            };
            db.EnvironmentSnapshots.Add(row);
            if (owner.CaseId is { } id)
                CaseTimeline.Record(db, id, authorUserId, actorName, "environment", latest is null ? null : $"v{latest.Version}", $"v{row.Version}: {row.Summary}");
            else
                await db.Environments.Where(e => e.Id == owner.EnvironmentId)
                    .ExecuteUpdateAsync(u => u.SetProperty(e => e.UpdatedAt, DateTimeOffset.UtcNow), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (own is not null)
                await own.CommitAsync(cancellationToken);
            return row;
        }
        finally
        {
            if (own is not null)
                await own.DisposeAsync();
        }
    }

    private IQueryable<EnvironmentSnapshot> Rows(EnvironmentOwner owner) =>
        owner.CaseId is { } caseId
            ? db.EnvironmentSnapshots.AsNoTracking().Where(s => s.CaseId == caseId)
            : db.EnvironmentSnapshots.AsNoTracking().Where(s => s.EnvironmentId == owner.EnvironmentId);

    private async Task<Dictionary<Guid, string>> AuthorNamesAsync(IEnumerable<Guid?> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Users.Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
