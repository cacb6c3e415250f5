using System.Threading.RateLimiting;
using Crashdesk.Core.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Crashdesk.Api.Auth;

/// <summary>
/// Sign-in form posts per client address and minute (ASP.NET Core's built-in rate limiter). Together with
/// the per-account lockout this stops password guessing both across accounts and against one. Single sign-on
/// callbacks count too: each makes the server call the provider's token endpoint, so a flood of forged ones
/// must not become a flood there. (The limiter runs before authentication, where the callback is handled.)
/// </summary>
internal static class SignInRateLimiter
{
    public static IServiceCollection AddSignInRateLimiter(this IServiceCollection services)
    {
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((limiter, accounts) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignIn(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = accounts.Value.SignInsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync("Too many sign-in attempts from your address. Wait a minute, then try again.", cancellationToken);
            };
        });
        services.AddRateLimiter(_ => { });
        return services;
    }

    private static bool IsSignIn(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase))
        || request.Path.Equals(Oidc.OidcRegistration.CallbackPath, StringComparison.OrdinalIgnoreCase);
}
