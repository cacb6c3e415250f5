using Crashdesk.Core.Auth;
using System.Security.Cryptography;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Services;

internal sealed class BootstrapService(
    CrashdeskDbContext db,
    IUserService users,
    IApiKeyService apiKeys,
    IOptions<BootstrapOptions> options) : IBootstrapService
{
    public async Task<BootstrapCredentials?> EnsureAdminAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Users.AnyAsync(cancellationToken))
            return null;
        var settings = options.Value;
        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Name == settings.OrganizationName, cancellationToken);
        if (organization is null)
        {
            // The first organisation is the support centre itself: its administrators create the customers'.
            organization = new Organization { Name = settings.OrganizationName, IsProvider = true };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(cancellationToken);
        }
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        var admin = await users.CreateAsync(organization.Id, settings.AdminEmail, "Administrator", password, OrganizationRole.Admin, cancellationToken, isOwner: true);
        var key = await apiKeys.CreateAsync(admin, new NewApiKey("first-start key"), cancellationToken);
        return new BootstrapCredentials(admin.Email, password, key.Secret);
    }
}
