using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Accounts;

/// <summary>Users (Identity's UserManager over our store), sessions, memberships and organisations.</summary>
internal static class AccountRegistration
{
    public static IServiceCollection AddCrashdeskAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddIdentityCore<User>()
            .AddUserStore<CrashdeskUserStore>();
        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((identity, accounts) =>
        {
            // NIST SP 800-63B §5.1.1.2: length matters, composition rules do not; at least 12 characters here.
            identity.Password.RequiredLength = 12;
            identity.Password.RequireDigit = false;
            identity.Password.RequireLowercase = false;
            identity.Password.RequireUppercase = false;
            identity.Password.RequireNonAlphanumeric = false;
            identity.Password.RequiredUniqueChars = 1;
            identity.Lockout.AllowedForNewUsers = true;
            identity.Lockout.MaxFailedAccessAttempts = accounts.Value.MaxFailedSignIns;
            identity.Lockout.DefaultLockoutTimeSpan = accounts.Value.LockoutDuration;
            // The sign-in name is an e-mail address; any character an address may hold is allowed.
            identity.User.AllowedUserNameCharacters = "";
            identity.User.RequireUniqueEmail = true;
        });
        services.AddScoped<ISessionService, SessionService>();
        services.AddScoped<IMembershipService, MembershipService>();
        services.AddScoped<IExternalLoginService, ExternalLoginService>();
        return services;
    }
}
