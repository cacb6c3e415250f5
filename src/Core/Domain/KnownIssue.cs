namespace Crashdesk.Core.Domain;

/// <summary>
/// A crash group marked as a known bug: where it is tracked (<see cref="Links"/>, upstream commits
/// and bug trackers), the kernel versions that fix it per kernel line (<see cref="FixedIn"/>, as
/// as <c>KnownIssues.FixedInEntry</c> reads them), what to do meanwhile (<see cref="Workaround"/>,
/// Markdown) and what to capture next time (<see cref="CaptureAdvice"/>). Every case of the group
/// carries it; <see cref="Version"/> counts edits for If-Match.
/// </summary>
public sealed class KnownIssue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OrganizationId { get; set; }
    public Guid GroupId { get; set; }
    public required string Title { get; set; }
    public List<string> Links { get; set; } = [];
    public List<string> FixedIn { get; set; } = [];
    public string Workaround { get; set; } = "";
    public string CaptureAdvice { get; set; } = "";
    public int Version { get; set; } = 1;
    public Guid? CreatedByUserId { get; set; }
    public Guid? UpdatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;

    public const int TitleMax = 300;
    public const int MaxLinks = 20;
    public const int LinkMax = 2000;
    public const int MaxFixedIn = 30;
    public const int FixedInMax = 100;
    public const int TextMax = 20_000;
}
