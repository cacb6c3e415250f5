namespace Crashdesk.Core.Services;

/// <summary>
/// Where a note's anchor is in the report shown now. <see cref="Found"/> false: the anchored line,
/// frame, task or lock is not in this report version (<see cref="Message"/> says so);
/// <see cref="Position"/> is then where it was.
/// </summary>
public sealed record NoteAnchorResolution(bool Found, string Position, int ReportVersion, string? Message);
