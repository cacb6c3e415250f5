using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Services;

internal sealed class OrganizationService(CrashdeskDbContext db) : IOrganizationService
{
    public async Task<Guid> EnsureAsync(string name, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new ValidationException("name", "an organisation name of 1 to 200 characters is required");
        name = name.Trim();
        var existing = await db.Organizations.Where(o => o.Name == name).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
            return id;
        var organization = new Organization { Name = name };
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return organization.Id;
    }
}
