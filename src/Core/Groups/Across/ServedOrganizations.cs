using Crashdesk.Core.Auth;
using Crashdesk.Core.Data;
using Crashdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Crashdesk.Core.Groups.Across;

/// <summary>An organisation the caller serves as engineer or administrator.</summary>
public sealed record ServedOrganization(Guid Id, string Name);

/// <summary>
/// The organisations whose crash groups a caller may compare: those where the caller is engineer or
/// administrator now (read at each call, so a role change applies at once), never those where the
/// caller is a customer or no member. An API key made for one organisation serves only that one, as
/// it may act only there (README "Organisations, roles, keys"); a caller acting as a customer serves none.
/// </summary>
internal static class ServedOrganizations
{
    public static async Task<IReadOnlyList<ServedOrganization>> OfAsync(CrashdeskDbContext db, Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.IsStaff)
            return [];
        bool everyOrganization = caller.ApiKeyId is not { } keyId
            || await db.ApiKeys.AsNoTracking().Where(k => k.Id == keyId).Select(k => k.AllOrganizations).FirstOrDefaultAsync(cancellationToken);
        return await (from m in db.Memberships.AsNoTracking()
                      where m.UserId == caller.UserId && (m.Role == OrganizationRole.Engineer || m.Role == OrganizationRole.Admin)
                            && (everyOrganization || m.OrganizationId == caller.OrganizationId)
                      join o in db.Organizations on m.OrganizationId equals o.Id
                      orderby o.Name
                      select new ServedOrganization(o.Id, o.Name))
            .ToListAsync(cancellationToken);
    }
}
