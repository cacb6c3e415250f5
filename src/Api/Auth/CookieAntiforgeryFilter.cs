using Microsoft.AspNetCore.Antiforgery;

namespace Crashdesk.Api.Auth;

/// <summary>
/// Unsafe API requests authenticated by the browser's cookie must carry an antiforgery token (header
/// <c>RequestVerificationToken</c>): the cookie is sent by the browser automatically, so without
/// this another site could upload in the user's name. API-key requests are exempt: a key is never
/// sent implicitly.
/// </summary>
internal sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        bool unsafeMethod = !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));
        if (unsafeMethod && http.User.Identity?.AuthenticationType != AuthSchemes.ApiKey)
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return Problems.Of(status: StatusCodes.Status400BadRequest,
                    title: "Antiforgery token missing or invalid",
                    detail: "Requests authenticated by the browser session must send the antiforgery token in the RequestVerificationToken header.");
            }
        }
        return await next(context);
    }
}
