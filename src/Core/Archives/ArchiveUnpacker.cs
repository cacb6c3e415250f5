using Crashdesk.Core.Data;
using Crashdesk.Core.DataProtection;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Environments.Sosreport;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Archives;

/// <summary>
/// Unpacks one stored archive into artifacts of its case, as a stream: the archive is read once from the
/// object store, and each member that is a dump, a console log or a sosreport is streamed straight into
/// the store through the one upload path (<see cref="StoredUpload"/>: the upload limit, the organisation's
/// quota, the rows committed with the quota confirmed) as its own artifact, named after the member and
/// pointing at the archive. Nothing touches the local filesystem by a member's name: keys come from
/// <see cref="BlobKeys"/>. Members that are unsafe are refused one by one; a limit, damage or the quota
/// stops the unpacking where it is, and what was stored before stays, object and rows together.
/// </summary>
internal sealed class ArchiveUnpacker(CrashdeskDbContext db, IBlobStore store, StoredUpload upload, IOptions<UploadOptions> options)
{
    /// <summary>Streams the members of <paramref name="archive"/> into artifacts; the rows of the taken ones are saved, one commit per member.</summary>
    /// <param name="progress">Called now and then with the share of the archive read (0–1).</param>
    public async Task<UnpackResultBuilder> UnpackAsync(Artifact archive, Guid organizationId, Func<double, Task> progress, CancellationToken cancellationToken)
    {
        var limits = ArchiveLimits.From(options.Value);
        var result = new UnpackResultBuilder();
        string archiveName = ArchivePath.Display(archive.FileName);
        await using var source = await store.OpenReadAsync(archive.StorageKey, cancellationToken);
        IArchiveEntries entries;
        ExpansionMeter meter;
        try
        {
            entries = ArchiveOpener.Open(source, archive.FileName, limits, cancellationToken, out meter);
        }
        catch (ArchiveProblemException problem)
        {
            result.Stop($"{archiveName} could not be read: {problem.Message}");
            return result;
        }
        using (entries)
        {
            string? current = null;
            meter.Member = () => current;
            int members = 0;
            while (true)
            {
                ArchiveEntry? entry;
                try
                {
                    entry = entries.Next();
                    if (entry is null)
                    {
                        entries.Finish();
                        break;
                    }
                }
                catch (ArchiveProblemException problem)
                {
                    result.Stop(problem.Message);
                    break;
                }
                current = entry.Name;
                if (++members > limits.MaxMembers)
                {
                    result.Stop($"the archive has more than {limits.MaxMembers} members (Uploads:Archives:MaxMembers); the rest was not read");
                    break;
                }
                if (members % 100 == 0)
                    await progress(Math.Min(1, (double)meter.CompressedRead / Math.Max(1, archive.Size)));
                if (entry.Type == ArchiveEntryType.Directory)
                    continue;
                if (!await TakeAsync(entry, archive, organizationId, entries, limits, result, cancellationToken))
                    break;
                await progress(Math.Min(1, (double)meter.CompressedRead / Math.Max(1, archive.Size)));
            }
        }
        return result;
    }

    /// <summary>Takes, refuses or skips one member; false when the unpacking must stop (a limit, damage, the quota).</summary>
    private async Task<bool> TakeAsync(ArchiveEntry entry, Artifact archive, Guid organizationId, IArchiveEntries entries,
        ArchiveLimits limits, UnpackResultBuilder result, CancellationToken cancellationToken)
    {
        string name = ArchivePath.Display(entry.Name);
        if (MemberRules.Refusal(entry) is { } refusal)
        {
            result.Refused(name, refusal);
            return true;
        }
        string baseName = MemberRules.BaseName(entry.Name);
        await using var data = entries.OpenData();
        var head = new byte[Analysis.Formats.Detection.UploadProbe.HeadBytes];
        int headLength;
        try
        {
            headLength = data.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (ArchiveProblemException problem)
        {
            result.Refused(name, problem.Message);
            result.Stop(problem.Message);
            return false;
        }
        if (headLength == 0)
        {
            result.Skipped(name, "empty (0 bytes)");
            return true;
        }
        if (MemberClassifier.Classify(baseName, head.AsSpan(0, headLength), out string skipped) is not { } kind)
        {
            result.Skipped(name, skipped);
            return true;
        }
        if (!ArtifactFileNames.TryValidate(baseName, out string badName))
        {
            result.Refused(name, badName);
            return true;
        }

        var artifactId = Guid.CreateVersion7();
        var key = BlobKeys.ForArtifact(archive.CaseId, artifactId);
        StoredUpload.Outcome outcome;
        try
        {
            outcome = await upload.WriteAsync(organizationId, key, baseName, new PrefixedReadStream(head, headLength, data), limits.MaxMemberBytes, cancellationToken);
        }
        catch (ArchiveProblemException problem)
        {
            // The store deleted what it had written of the member (LocalBlobStore's temp file, S3's multipart upload).
            result.Refused(name, problem.Message);
            result.Stop(problem.Message);
            return false;
        }
        catch (QuotaExceededException quota)
        {
            result.Refused(name, quota.Message);
            result.Stop($"the organisation's storage quota is full: {quota.Message}");
            return false;
        }
        if (outcome.Written is not { } written)
        {
            result.Refused(name, outcome.Problem ?? "not stored");
            return true;
        }
        var artifact = new Artifact
        {
            Id = artifactId, CaseId = archive.CaseId, FileName = baseName, Kind = kind, StorageKey = key,
            Size = written.Size, Sha256 = written.Sha256, UploadedByUserId = archive.UploadedByUserId, FromArchiveId = archive.Id,
        };
        db.Artifacts.Add(artifact);
        try
        {
            await upload.CommitAsync(organizationId, key, baseName, written.Size, cancellationToken);
        }
        catch (QuotaExceededException quota)
        {
            // CommitAsync deleted the object; the row goes with it.
            db.Entry(artifact).State = EntityState.Detached;
            result.Refused(name, quota.Message);
            result.Stop($"the organisation's storage quota is full: {quota.Message}");
            return false;
        }
        catch
        {
            db.Entry(artifact).State = EntityState.Detached;
            throw;
        }
        result.Taken(name, ArtifactKinds.ToName(kind), artifactId, written.Size);
        return true;
    }
}
