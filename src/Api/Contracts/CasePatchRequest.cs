namespace Crashdesk.Api.Contracts;

/// <summary>
/// PATCH /api/v1/cases/{id} (a JSON merge patch, RFC 7396): only the members present change; null
/// clears <c>externalReference</c>, <c>description</c> and <c>assignee</c>. <c>status</c>: <c>new</c>,
/// <c>triaging</c>, <c>waiting-for-customer</c>, <c>root-caused</c>, <c>closed</c> (the workflow refuses
/// illegal moves); <c>priority</c>: <c>P1</c>–<c>P4</c>; <c>assignee</c>: a user id of the organisation;
/// <c>tags</c>: the case's whole set of tags.
/// </summary>
public sealed record CasePatchRequest(
    string? Title,
    string? Customer,
    string? ExternalReference,
    string? Description,
    string? Status,
    string? Priority,
    Guid? Assignee,
    IReadOnlyList<string>? Tags);
