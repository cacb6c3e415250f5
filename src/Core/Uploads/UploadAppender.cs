using System.Security.Cryptography;
using Crashdesk.Analysis.Formats.Detection;
using Crashdesk.Core.Data;
using Crashdesk.Core.Domain;
using Crashdesk.Core.Options;
using Crashdesk.Core.Services;
using Crashdesk.Core.Storage;
using Crashdesk.Core.Storage.Staging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crashdesk.Core.Uploads;

/// <summary>
/// One PATCH of a session (tus core: strictly sequential). Which bytes are durable: without Upload-Checksum,
/// every byte the server read before the body ended or was cut off is staged and, once the request winds up,
/// fsynced and counted in the offset (HEAD then says where to resume); with Upload-Checksum the body is held
/// back (<see cref="EphemeralSpool"/>) and applied only whole and verified (tus checksum extension: a mismatch
/// is 460 and nothing of it is kept; a cut-off body cannot be verified and is dropped the same way). A body
/// without Content-Length is held back too, so one longer than the rest of the file is refused (413) whole.
/// </summary>
internal sealed class UploadAppender(
    CrashdeskDbContext db,
    IUploadStaging staging,
    UploadCompletion completion,
    UploadHashes hashes,
    UploadSessionLocks locks,
    IOptions<UploadOptions> options)
{
    private const int BufferBytes = 256 * 1024;

    public async Task<UploadSessionResult> AppendAsync(UploadSession session, UploadChunk chunk, TimeSpan expiry, CancellationToken cancellationToken)
    {
        using var held = await locks.TryEnterAsync(session.Id, TimeSpan.FromSeconds(10), cancellationToken);
        if (held is null)
            return UploadSessionResult.Failed(UploadSessionOutcome.Busy, $"Another request is writing {session.FileName}; ask HEAD for the offset and try again.", UploadSessionViews.Of(session));
        // Read again under the lock: the request that held it may have moved the offset.
        await db.Entry(session).ReloadAsync(cancellationToken);
        if (session.Status == UploadSessionStatus.Failed)
            return UploadSessionResult.Failed(UploadSessionOutcome.SessionFailed, session.Error ?? $"the upload of {session.FileName} failed", UploadSessionViews.Of(session));
        if (chunk.Offset != session.Offset || session.Status == UploadSessionStatus.Completed)
            return UploadSessionResult.Failed(UploadSessionOutcome.OffsetMismatch,
                $"{session.FileName}: the server holds {session.Offset} bytes; Upload-Offset was {chunk.Offset}. Nothing was appended.", UploadSessionViews.Of(session));
        var algorithm = UploadChecksum.Parse(chunk.Checksum, out var expectedChecksum);
        if (algorithm == UploadChecksum.Kind.Unsupported)
            return UploadSessionResult.Failed(UploadSessionOutcome.ChecksumUnsupported,
                $"{session.FileName}: Upload-Checksum must be 'sha256 <base64 digest>' (the only algorithm this server supports).", UploadSessionViews.Of(session));
        long remaining = session.Length - session.Offset;
        if (chunk.ContentLength > remaining)
            return UploadSessionResult.Failed(UploadSessionOutcome.TooLarge,
                $"{session.FileName}: the body is {chunk.ContentLength} bytes but only {remaining} of its Upload-Length {session.Length} are missing. Nothing was appended.", UploadSessionViews.Of(session));
        if (remaining == 0)
            return await completion.CompleteAsync(session, hashes.Take(session.Id, session.Offset), cancellationToken);

        var body = chunk.Body;
        if (session.Offset == 0 && ArtifactProbe.Probes(session.Kind))
        {
            // The first bytes of the file decide at the PATCH that carries them; refused: nothing is kept.
            var head = new byte[(int)Math.Min(UploadProbe.HeadBytes, remaining)];
            int n = 0;
            try
            {
                while (n < head.Length && await body.ReadAsync(head.AsMemory(n), cancellationToken) is var read and > 0)
                    n += read;
            }
            catch (Exception e) when (IsCut(e, cancellationToken))
            {
                return UploadSessionResult.Failed(UploadSessionOutcome.Cut, "cut off", UploadSessionViews.Of(session));
            }
            session.Kind = ArtifactProbe.KindOf(session.Kind, head.AsSpan(0, n));
            if (ArtifactProbe.Refuse(session.Kind, head.AsSpan(0, n), session.FileName) is { } refusal)
            {
                await completion.FailAsync(session, refusal, CancellationToken.None);
                return UploadSessionResult.Failed(UploadSessionOutcome.NotADump, refusal, UploadSessionViews.Of(session));
            }
            body = new PrefixedReadStream(head, n, body);
        }

        bool holdBack = algorithm == UploadChecksum.Kind.Sha256 || chunk.ContentLength is null;
        await using var spool = holdBack ? new EphemeralSpool(SpoolDirectory) : null;
        if (spool is not null)
        {
            var (cut, digest) = await SpoolAsync(body, spool, remaining + 1, cancellationToken);
            if (cut)
                return UploadSessionResult.Failed(UploadSessionOutcome.Cut, "cut off", UploadSessionViews.Of(session));
            if (spool.Length > remaining)
                return UploadSessionResult.Failed(UploadSessionOutcome.TooLarge,
                    $"{session.FileName}: the body is longer than the {remaining} bytes missing of its Upload-Length {session.Length}. Nothing was appended.", UploadSessionViews.Of(session));
            if (expectedChecksum is not null && !CryptographicOperations.FixedTimeEquals(digest, expectedChecksum))
                return UploadSessionResult.Failed(UploadSessionOutcome.ChecksumMismatch,
                    $"{session.FileName}: the SHA-256 of the {spool.Length} bytes received is not the Upload-Checksum. Nothing was appended; send them again.", UploadSessionViews.Of(session));
        }

        try
        {
            return await ApplyAsync(session, body, spool, expiry, cancellationToken);
        }
        catch (Exception e) when (StoreUnreachableException.IsUnreachable(e))
        {
            // The session row keeps the offset of the last request the store took; the client resumes from there.
            throw StoreUnreachableException.Resumable(session.FileName, e);
        }
    }

    private async Task<UploadSessionResult> ApplyAsync(UploadSession session, Stream body, EphemeralSpool? spool, TimeSpan expiry, CancellationToken cancellationToken)
    {
        string key = BlobKeys.ForArtifact(session.CaseId, session.ArtifactId);
        long start = session.Offset;
        IStagedAppend append;
        try
        {
            append = await staging.AppendAsync(key, session.StoreState, session.Length, start, cancellationToken);
        }
        catch (StagingLostException e)
        {
            await completion.FailAsync(session, $"{session.FileName}: the server lost the staged bytes of this upload ({e.Message}); start a new upload.", CancellationToken.None);
            return UploadSessionResult.Failed(UploadSessionOutcome.SessionFailed, session.Error!, UploadSessionViews.Of(session));
        }
        var hash = hashes.Take(session.Id, start);
        long accepted = 0;
        bool cut = false;
        StagedProgress progress;
        await using (append)
        {
            try
            {
                async ValueTask Accept(ReadOnlyMemory<byte> data)
                {
                    hash?.AppendData(data.Span);
                    accepted += data.Length;
                    await append.WriteAsync(data, CancellationToken.None);
                }
                if (spool is not null)
                    await spool.ReplayAsync(Accept, CancellationToken.None);
                else
                    cut = await CopyAsync(body, session.Length - start, Accept, cancellationToken);
            }
            catch
            {
                // The store failed mid-write: what it holds is known only from FinishAsync; the hash may count bytes it lost.
                hash?.Dispose();
                hash = null;
                throw;
            }
            finally
            {
                // Always, also when the client is gone: every byte received and staged becomes durable and counted.
                progress = await append.FinishAsync(CancellationToken.None);
                session.Offset = progress.Offset;
                session.StoreState = progress.State;
                session.UpdatedAt = DateTimeOffset.UtcNow;
                session.ExpiresAt = session.UpdatedAt + expiry;
                session.Revision++;
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        if (hash is not null && progress.Offset != start + accepted)
        {
            hash.Dispose();
            hash = null;
        }
        if (cut)
        {
            if (hash is not null)
                hashes.Put(session.Id, progress.Offset, hash);
            return UploadSessionResult.Failed(UploadSessionOutcome.Cut, "cut off", UploadSessionViews.Of(session));
        }
        if (progress.Offset == session.Length)
            return await completion.CompleteAsync(session, hash, cancellationToken);
        if (hash is not null)
            hashes.Put(session.Id, progress.Offset, hash);
        return new UploadSessionResult(UploadSessionOutcome.Appended, null, UploadSessionViews.Of(session));
    }

    public Task RemoveAsync(UploadSession session, CancellationToken cancellationToken) => completion.RemoveAsync(session, cancellationToken);

    /// <summary>Copies at most <paramref name="limit"/> bytes; true when the body was cut off before it ended.</summary>
    private static async Task<bool> CopyAsync(Stream body, long limit, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken cancellationToken)
    {
        var buffer = HashingCopier.RentBuffer(BufferBytes);
        try
        {
            while (limit > 0)
            {
                int n;
                try
                {
                    n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferBytes, limit)), cancellationToken);
                }
                catch (Exception e) when (IsCut(e, cancellationToken))
                {
                    return true;
                }
                if (n == 0)
                    return false;
                await sink(buffer.AsMemory(0, n));
                limit -= n;
            }
            return false;
        }
        finally
        {
            HashingCopier.ReturnBuffer(buffer);
        }
    }

    private static async Task<(bool Cut, byte[] Digest)> SpoolAsync(Stream body, EphemeralSpool spool, long limit, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        bool cut = await CopyAsync(body, limit, async data =>
        {
            sha.AppendData(data.Span);
            await spool.WriteAsync(data, CancellationToken.None);
        }, cancellationToken);
        return (cut, sha.GetHashAndReset());
    }

    /// <summary>A body that ends early: Kestrel's BadHttpRequestException / IOException, or the aborted request's token.</summary>
    private static bool IsCut(Exception e, CancellationToken cancellationToken) =>
        e is IOException || e.GetType().Name == "BadHttpRequestException" || (e is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private string SpoolDirectory => options.Value.SpoolPath is { Length: > 0 } path
        ? Path.GetFullPath(path) : Path.Combine(Path.GetTempPath(), "crashdesk-spool");
}
