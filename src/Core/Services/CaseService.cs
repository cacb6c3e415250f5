using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class CaseService(CrashdeskDbContext db) : ICaseService
{
    public async Task<CaseDetails> CreateAsync(Caller caller, NewCase newCase, CancellationToken cancellationToken = default)
    {
        var entity = new Case
        {
            OrganizationId = caller.OrganizationId,
            Title = Required("title", newCase.Title, 300),
            Customer = Required("customer", newCase.Customer, 200),
            ExternalReference = Optional("externalReference", newCase.ExternalReference, 200),
            Description = Optional("description", newCase.Description, 20_000),
            CreatedByUserId = caller.UserId,
        };
        db.Cases.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return (await GetAsync(caller, entity.Id, cancellationToken))!;
    }

    public async Task<IReadOnlyList<CaseSummary>> ListAsync(Caller caller, int skip = 0, int take = 100, CancellationToken cancellationToken = default)
    {
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, 500);
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.OrganizationId == caller.OrganizationId)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);
        var ids = cases.Select(c => c.Id).ToList();
        // Newest job and newest report per case of this page: two small queries instead of N.
        var jobs = await db.AnalysisJobs.AsNoTracking().Where(j => ids.Contains(j.CaseId))
            .Select(j => new { j.CaseId, j.CreatedAt, j.Status }).ToListAsync(cancellationToken);
        var reports = await db.Reports.AsNoTracking().Where(r => ids.Contains(r.CaseId))
            .Select(r => new { r.CaseId, r.Version, r.PanicLine }).ToListAsync(cancellationToken);
        var status = jobs.GroupBy(j => j.CaseId)
            .ToDictionary(g => g.Key, g => Views.StatusName(g.MaxBy(j => j.CreatedAt)!.Status));
        var panic = reports.GroupBy(r => r.CaseId)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Version)!.PanicLine);
        return [.. cases.Select(c => new CaseSummary(
            c.Id, c.Title, c.Customer, c.ExternalReference, c.CreatedAt,
            status.GetValueOrDefault(c.Id), panic.GetValueOrDefault(c.Id)))];
    }

    public async Task<CaseDetails?> GetAsync(Caller caller, Guid caseId, CancellationToken cancellationToken = default)
    {
        var entity = await db.Cases.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == caseId && c.OrganizationId == caller.OrganizationId, cancellationToken);
        if (entity is null)
            return null;
        var artifacts = await db.Artifacts.AsNoTracking().Where(a => a.CaseId == caseId)
            .OrderBy(a => a.UploadedAt).ToListAsync(cancellationToken);
        var jobs = await db.AnalysisJobs.AsNoTracking().Where(j => j.CaseId == caseId)
            .OrderByDescending(j => j.CreatedAt).ToListAsync(cancellationToken);
        var report = await db.Reports.AsNoTracking().Where(r => r.CaseId == caseId)
            .OrderByDescending(r => r.Version).Select(r => new { r.Version, r.PanicLine })
            .FirstOrDefaultAsync(cancellationToken);
        return new CaseDetails(
            entity.Id, entity.Title, entity.Customer, entity.ExternalReference, entity.Description,
            entity.CreatedAt, entity.UpdatedAt,
            [.. artifacts.Select(Views.Of)], [.. jobs.Select(Views.Of)],
            report?.Version, report?.PanicLine);
    }

    private static string Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new ValidationException(field, $"{field} is required")
            : Optional(field, value, maxLength)!;

    private static string? Optional(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        return value.Length > maxLength
            ? throw new ValidationException(field, $"{field} is longer than {maxLength} characters")
            : value;
    }
}
