using Crashdesk.Core.Audit;

namespace Crashdesk.Api.Audit;

/// <summary>Marks an API read whose every successful answer is a row of the audit log (<see cref="AuditedReadFilter"/>).</summary>
internal static class AuditedEndpoints
{
    /// <summary>Records <paramref name="action"/> (an <see cref="AuditAction"/> name) for each successful call, before the answer is sent.</summary>
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string action)
    {
        if (!AuditAction.All.Contains(action))
            throw new ArgumentException($"'{action}' is not an audit action", nameof(action));
        return builder.AddEndpointFilterFactory((_, next) => new AuditedReadFilter(action).Wrap(next));
    }
}
