using Crashdesk.Core.Services;
using Microsoft.AspNetCore.Identity;

namespace Crashdesk.Core.Accounts;

/// <summary>Identity's refusals (password rules, user validation) as our field-named validation errors.</summary>
internal static class IdentityErrors
{
    public static ValidationException ToValidation(IdentityResult result, string field) =>
        new(result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? field : "email",
            string.Join(" ", result.Errors.Select(e => e.Description)));
}
