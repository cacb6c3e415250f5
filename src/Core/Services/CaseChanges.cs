namespace Crashdesk.Core.Services;

/// <summary>
/// An edit of a case's own fields; each is left alone unless set. <see cref="Tags"/> replaces the
/// whole set; <see cref="AssigneeUserId"/> null means nobody. Status and priority are wire names
/// (<c>root-caused</c>, <c>P1</c>).
/// </summary>
public sealed record CaseChanges
{
    public Change<string> Title { get; init; }
    public Change<string> Customer { get; init; }
    public Change<string?> ExternalReference { get; init; }
    public Change<string?> Description { get; init; }
    public Change<string> Status { get; init; }
    public Change<string> Priority { get; init; }
    public Change<Guid?> AssigneeUserId { get; init; }
    public Change<IReadOnlyList<string>> Tags { get; init; }
}
