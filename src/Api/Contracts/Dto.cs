using Crashdesk.Core.Services;

namespace Crashdesk.Api.Contracts;

/// <summary>Core view records → wire records (the wire format is versioned with the API, not with Core).</summary>
internal static class Dto
{
    public static CaseSummaryDto Of(CaseSummary c) =>
        new(c.Id, c.Title, c.Customer, c.ExternalReference, c.CreatedAt, c.Status, c.PanicLine);

    public static CaseDto Of(CaseDetails c) =>
        new(c.Id, c.Title, c.Customer, c.ExternalReference, c.Description, c.CreatedAt, c.UpdatedAt,
            [.. c.Artifacts.Select(Of)], [.. c.Analyses.Select(Of)], c.ReportVersion, c.PanicLine);

    public static ArtifactDto Of(ArtifactView a) => new(a.Id, a.FileName, a.Kind, a.Size, a.Sha256, a.UploadedAt);

    public static AnalysisDto Of(AnalysisJobView j) =>
        new(j.Id, j.ArtifactId, j.Status, j.Progress, j.ProgressMessage, j.Error, j.Attempts, j.CreatedAt, j.StartedAt, j.FinishedAt);

    public static ReportDto Of(ReportView r) => new(r.CaseId, r.Version, r.AnalysisJobId, r.ArtifactId, r.CreatedAt, r.Report, r.DebugKernel);

    public static DebugKernelDto Of(DebugKernelView d) =>
        new(d.Id, d.FileName, d.Status, d.BuildId, d.Release, d.Banner, d.Size, d.Sha256, d.ProfileSize, d.Error,
            d.CaseId, d.ArtifactId, d.CreatedAt, d.ProcessedAt);

    public static ApiKeyDto Of(ApiKeyView k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt);
}
