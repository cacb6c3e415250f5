using Crashdesk.Core.Accounts;
using Crashdesk.Core.Auth;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Services;

namespace Crashdesk.Api.Contracts;

/// <summary>Core view records → wire records (the wire format is versioned with the API, not with Core).</summary>
internal static class Dto
{
    public static CaseSummaryDto Of(CaseSummary c) =>
        new(c.Id, c.Title, c.Customer, c.ExternalReference, CaseWorkflow.Name(c.Status), c.Priority, c.AssigneeUserId, c.AssigneeName, c.Tags,
            c.AnalysisStatus is { } analysis ? StatusNames.Name(analysis) : null, c.HasDump, c.PanicLine, c.TriageTitle, c.CrashClass, c.KernelRelease, c.CreatedAt, c.UpdatedAt)
        { KnownIssueTitle = c.KnownIssueTitle };

    public static CasePageDto Of(CaseCursorPage p) => new([.. p.Items.Select(Of)], p.NextCursor, p.Total, p.TotalIsLowerBound);

    public static CaseDto Of(CaseDetails c) =>
        new(c.Id, c.Title, c.Customer, c.ExternalReference, c.Description, CaseWorkflow.Name(c.Status), [.. c.NextStatuses.Select(CaseWorkflow.Name)], c.Priority,
            c.AssigneeUserId, c.AssigneeName, c.Tags, c.Revision, c.UpdatedByName, c.CreatedAt, c.UpdatedAt,
            [.. c.Artifacts.Select(Of)], [.. c.Analyses.Select(Of)], c.ReportVersion, c.PanicLine, c.TriageTitle,
            c.CrashClass, c.GuiltyFrame, c.KernelRelease)
        { GroupId = c.GroupId, GroupTitle = c.GroupTitle, GroupPinned = c.GroupPinned, CrashSignature = c.CrashSignature, LegalHold = DataProtectionDtos.Of(c.LegalHold) };

    public static CaseEventDto Of(CaseEventView e) => new(e.Id, e.At, e.ActorUserId, e.ActorName, e.Kind, e.OldValue, e.NewValue, e.NoteId);

    public static NoteDto Of(NoteView n) =>
        new(n.Id, n.AuthorUserId, n.AuthorName, n.Body, n.Html, n.AnchorKind, n.AnchorPosition, n.AnchorContent, n.AnchorReportVersion,
            n.Placement is { } p ? new NotePlacementDto(p.Found, p.Position, p.ReportVersion, p.Message) : null,
            n.Revision, n.CreatedAt, n.UpdatedAt, n.DeletedAt)
        { Visibility = n.Visibility };

    public static NoteRevisionDto Of(NoteRevisionView r) => new(r.Revision, r.Body, r.EditorName, r.EditedAt);

    public static TagCountDto Of(TagCount t) => new(t.Name, t.Cases);

    public static UserDto Of(UserView u) => new(u.Id, u.DisplayName, u.Email);

    public static ArtifactDto Of(ArtifactView a) => new(a.Id, a.FileName, a.Kind, a.Size, a.Sha256, a.UploadedAt)
    {
        PurgedAt = a.PurgedAt, PurgeReason = a.PurgeReason, FromArchive = a.FromArchiveId, Unpack = a.Unpack is null ? null : Of(a.Unpack),
    };

    public static ArchiveUnpackDto Of(ArchiveUnpackView u) => new(
        u.Id, StatusNames.Name(u.Status), u.Progress, u.ProgressMessage, u.Error, u.Result?.Taken ?? 0, u.Result?.Refused ?? 0, u.Result?.Skipped ?? 0, u.Result?.Stopped,
        u.Result?.MoreMembersThanListed ?? false,
        [.. (u.Result?.Members ?? []).Select(m => new UnpackedMemberDto(m.Name, m.Outcome, m.Kind, m.ArtifactId, m.Size, m.Reason))], u.FinishedAt);

    public static AnalysisDto Of(AnalysisJobView j) =>
        new(j.Id, j.ArtifactId, StatusNames.Name(j.Status), j.Progress, j.ProgressMessage, j.Error, j.Attempts, j.CreatedAt, j.StartedAt, j.FinishedAt, j.Reason);

    public static EnvironmentDto Of(EnvironmentView e) =>
        new(e.CaseId, e.Environment is null ? null : Of(e.Environment), e.Version is null ? null : Of(e.Version), e.LatestVersion, e.Document);

    public static EnvironmentVersionDto Of(EnvironmentVersionView v) => new(v.Version, v.Source, v.Summary, v.AuthorName, v.CreatedAt, v.PackageCount);

    public static CustomerEnvironmentDto Of(CustomerEnvironmentView e) =>
        new(e.Id, e.Name, e.Description, e.CreatedAt, e.UpdatedAt, e.LatestVersion, e.CaseCount);

    public static EnvironmentImportDto Of(EnvironmentImportView i) =>
        new(i.Id, i.ArtifactId, i.FileName, StatusNames.Name(i.Status), i.Progress, i.ProgressMessage, i.Error, i.SnapshotVersion, i.CreatedAt, i.FinishedAt);

    public static EnvironmentCaseDto Of(EnvironmentCaseView c) => new(c.Id, c.Title, c.Customer, c.KernelRelease, c.HasEnvironment);

    public static EnvironmentComparisonDto Of(EnvironmentComparisonView c) =>
        new(Of(c.Left), Of(c.Right), c.Comparison);

    public static EnvironmentSideDto Of(EnvironmentSide s) => new(s.Reference.ToString(), s.Title, s.Version);

    public static SharedEnvironmentDto Of(SharedEnvironmentView s) => new(s.Signature, [.. s.Cases.Select(Of)], s.Consensus);

    public static ReportDto Of(ReportView r) => new(r.CaseId, r.Version, r.AnalysisJobId, r.ArtifactId, r.CreatedAt, r.Report, r.DebugKernel);

    public static DebugKernelDto Of(DebugKernelView d) =>
        new(d.Id, d.FileName, StatusNames.Name(d.Status), d.BuildId, d.Release, d.Banner, d.Size, d.Sha256, d.ProfileSize, d.Error,
            d.CaseId, d.ArtifactId, d.CreatedAt, d.ProcessedAt, d.Origin);

    public static ApiKeyDto Of(ApiKeyView k) =>
        new(k.Id, k.Name, k.Prefix, k.UserId, ApiKeyScopeNames.List(k.Scopes), k.AllOrganizations, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.LastUsedAddress, k.RevokedAt);

    public static OrganizationDto Of(OrganizationMembershipView o) => new(o.Id, o.Name, o.IsProvider, CallerClaims.RoleName(o.Role));

    public static ExternalLoginDto Of(ExternalLoginView l) => new(l.Id, l.Issuer, l.Subject, l.CreatedAt, l.LastUsedAt);

    public static MemberDto Of(MemberView m) => new(m.UserId, m.Email, m.DisplayName, CallerClaims.RoleName(m.Role), m.IsHome, m.DeactivatedAt, m.JoinedAt);
}
