namespace Crashdesk.Core.Auth;

/// <summary>
/// A person's role in one organisation (a membership). Ordered by power: a check "at least Engineer"
/// is <c>role &gt;= Engineer</c>. Stored as its lower-case name.
/// </summary>
public enum OrganizationRole
{
    /// <summary>A customer's own staff: upload, read the organisation's cases and reports, add notes; never internal notes.</summary>
    Customer = 0,
    /// <summary>A support engineer: everything on cases, notes, groups, known issues and environments.</summary>
    Engineer = 1,
    /// <summary>Everything an engineer may, plus people, roles, API keys, webhooks and data-protection settings.</summary>
    Admin = 2,
}
