using Crashdesk.Core.Domain;

namespace Crashdesk.Core.Services;

/// <summary>Entity → view record mappings (entities never leave Core).</summary>
internal static class Views
{
    public static ArtifactView Of(Artifact a) =>
        new(a.Id, a.FileName, ArtifactKinds.ToName(a.Kind), a.Size, a.Sha256, a.UploadedAt) { PurgedAt = a.PurgedAt, PurgeReason = a.PurgeReason, FromArchiveId = a.FromArchiveId };

    public static ArchiveUnpackView Of(ArchiveUnpack u) =>
        new(u.Id, u.Status, u.Progress, u.ProgressMessage, u.Error, Archives.UnpackResult.FromJson(u.Result), u.FinishedAt);

    public static AnalysisJobView Of(AnalysisJob j) =>
        new(j.Id, j.ArtifactId, j.Status, j.Progress, j.ProgressMessage, j.Error, j.Attempts,
            j.CreatedAt, j.StartedAt, j.FinishedAt, j.Reason);

    public static EnvironmentImportView Of(EnvironmentImport i, string fileName) =>
        new(i.Id, i.ArtifactId, fileName, i.Status, i.Progress, i.ProgressMessage, i.Error, i.SnapshotVersion, i.CreatedAt, i.FinishedAt);

    public static ApiKeyView Of(ApiKey k) =>
        new(k.Id, k.Name, k.Prefix, k.UserId, k.Scopes, k.AllOrganizations, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.LastUsedAddress, k.RevokedAt);
}
