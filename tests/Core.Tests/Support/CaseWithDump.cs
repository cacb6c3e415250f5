using Crashdesk.Core.Domain;
using Crashdesk.Core.Storage;

namespace Crashdesk.Core.Tests.Support;

/// <summary>A case of an organisation holding one fixture dump as its vmcore artifact, with its analysis queued (a row, no job fired).</summary>
public static class CaseWithDump
{
    public static async Task<(Guid CaseId, Guid JobId)> AddAsync(TestDatabase db, IBlobStore store, Guid organizationId, string fixture)
    {
        await using var context = db.CreateContext();
        var entity = new Case { OrganizationId = organizationId, Title = "t", Customer = "c" };
        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(entity.Id, artifactId);
        BlobWriteResult written;
        await using (var dump = File.OpenRead(TestFixtures.DumpFile(fixture)))
            written = await store.WriteAsync(key, dump, long.MaxValue);
        var job = new AnalysisJob { CaseId = entity.Id, ArtifactId = artifactId };
        context.Add(entity);
        await context.SaveChangesAsync();
        context.AddRange(
            new Artifact { Id = artifactId, CaseId = entity.Id, FileName = "dump", Kind = ArtifactKind.Vmcore, StorageKey = key, Size = written.Size, Sha256 = written.Sha256 },
            job);
        await context.SaveChangesAsync();
        return (entity.Id, job.Id);
    }
}
